import { startTcpFaultProxy } from '@realdeps/faults';
import { startServiceProcess } from '@realdeps/http-testing';
import { noteFactory } from '@repo/factories';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { expectedGraph, graphIn, graphOfThisFile, pendingOutbox } from '../support/mirror.js';
import { apiService, memoryService, TOKEN_SECRETS } from '../support/services.js';

const memory = await memoryService();
const proxy = await startTcpFaultProxy({ host: '127.0.0.1', port: memory.port });
const { driver, namespace } = await graphOfThisFile();
afterAll(() => proxy.stop());
// This instance only writes: without memory configured it runs no relay, so its notes wait in the outbox.
const writer = await apiService({});

const deliveredRows = async () =>
  Number(
    (await writer.pool.query<{ count: string }>('SELECT count(*) FROM outbox WHERE delivered_at IS NOT NULL')).rows[0]!
      .count,
  );

/** The api as its own process (`npm start` does the same), relaying the outbox to memory through the proxy. */
const startApiProcess = () =>
  startServiceProcess({
    entry: fileURLToPath(new URL('../../api/src/main.ts', import.meta.url)),
    env: {
      HOST: '127.0.0.1',
      PORT: '0',
      // info: the start waits for Fastify's 'Server listening at' line.
      LOG_LEVEL: 'info',
      DATABASE_URL: writer.databaseUrl,
      REDIS_URL: inject('servers').redis!.url,
      JWT_SECRET: 'relay-process-secret-of-at-least-32-chars',
      MEMORY_URL: `http://127.0.0.1:${proxy.port}`,
      MEMORY_TOKEN_SECRET: TOKEN_SECRETS.memory,
      MEMORY_NAMESPACE: namespace,
      // Small batches, so that the process dies with some batches delivered and others not.
      OUTBOX_BATCH_SIZE: '2',
    },
  });

describe('an outbox relay that crashes mid-batch', () => {
  it('loses no change and applies none twice: the next relay finishes and the graph equals PostgreSQL', async () => {
    const { auth } = await writer.signedIn();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await writer.http
        .post('/notes')
        .set(auth)
        .send(noteFactory.build({ tags: [`t${i % 4}`, 'crash'] }));
      ids.push((response.body as { id: string }).id);
    }
    await writer.http
      .patch(`/notes/${ids[0]}`)
      .set(auth)
      .set('if-match', '"1"')
      .send({ title: 'Changed before the relay ran', tags: ['t9'] })
      .expect(200);
    await writer.http.delete(`/notes/${ids[1]}`).set(auth).expect(204);
    const rows = (await pendingOutbox(writer.pool)).length;

    // Slow memory down so the batch is well under way, then kill the relay's process outright.
    proxy.setLatency(60);
    const relay = await startApiProcess();
    try {
      await expect
        .poll(deliveredRows, { timeout: 30_000, interval: 20, message: 'the relay process delivered less than 4 rows' })
        .toBeGreaterThanOrEqual(4);
    } finally {
      await relay.stop('SIGKILL');
      proxy.setLatency(0);
    }
    const deliveredAtCrash = await deliveredRows();
    expect(deliveredAtCrash, 'the crash came after the last delivery: nothing was left mid-batch').toBeLessThan(rows);

    // Another instance takes over as soon as PostgreSQL has released the dead process's relay lock.
    const takeover = await apiService(
      { memoryUrl: memory.url, memoryNamespace: namespace, outbox: { pollIntervalMs: 50 } },
      writer,
    );
    try {
      await expect.poll(() => pendingOutbox(writer.pool), { timeout: 15_000, interval: 50 }).toEqual([]);
    } finally {
      await takeover.close();
    }

    // One node per note and per tag, one relation per note tag, each note's title once: nothing lost, nothing doubled.
    expect(await graphIn(driver, namespace)).toEqual(await expectedGraph(writer.pool));
    expect(await deliveredRows()).toBe(rows);
  });
});
