import { captureLogs } from '@realdeps/http-testing';
import { waitFor } from '@realdeps/provisioning';
import { buildApp, createJobQueue, schema } from '@repo/docs';
import { eq, inArray, sql } from 'drizzle-orm';
import { mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { docsUnderTest } from '../support/docs-under-test.js';

const docs = await docsUnderTest({ worker: { maxAttempts: 4, retryBaseMs: 100 } });
const jobOf = async (documentId: string) =>
  (await docs.db.select().from(schema.jobs).where(eq(schema.jobs.documentId, documentId)))[0]!;

describe('the job queue', () => {
  it('retries a failing job with growing backoff, and finishes it once the cause is gone', async () => {
    // Hide the stored file (as a flaky disk would): reading fails until it is back.
    await docs.app.worker.stop();
    const uploaded = await docs.upload('flaky.md', `# Flaky storage ${Date.now()}\n\nSome text.`);
    const stored = join(docs.storageDir, uploaded.body.sha256.slice(0, 2), uploaded.body.sha256);
    const hidden = join(docs.storageDir, 'hidden', uploaded.body.sha256);
    mkdirSync(dirname(hidden), { recursive: true });
    renameSync(stored, hidden);
    docs.app.worker.start();

    const afterTwoFailures = await waitFor('two failed attempts', 10_000, async () => {
      const job = await jobOf(uploaded.body.id);
      return job.attempts >= 2 && job.status === 'queued' ? job : undefined;
    });
    renameSync(hidden, stored);
    const settled = await docs.settled(uploaded.body.id);

    expect(afterTwoFailures.lastError).toMatch(/ENOENT/);
    expect(settled.status).toBe('ready');
    // Backoff doubles from retryBaseMs (100 ms): attempt 2 is claimed >= 100 ms after attempt 1 failed, attempt 3
    // >= 200 ms after attempt 2 failed. Both times are the database's, the clock the queue schedules by.
    const timeline = docs.logs.lines.filter(
      (line) => line.documentId === uploaded.body.id && (line.msg === 'job failed' || line.msg === 'job done'),
    );
    expect(timeline.map((line) => [line.attempt, line.msg])).toEqual([
      [1, 'job failed'],
      [2, 'job failed'],
      [3, 'job done'],
    ]);
    const [first, second, third] = timeline.map((line) => ({
      claimedAt: Date.parse(String(line.claimedAt)),
      failedAt: Date.parse(String(line.failedAt)),
    }));
    expect(second!.claimedAt - first!.failedAt).toBeGreaterThanOrEqual(100);
    expect(third!.claimedAt - second!.failedAt).toBeGreaterThanOrEqual(200);
    expect(await jobOf(uploaded.body.id)).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('gives up after the last attempt and fails the document with the reason', async () => {
    await docs.app.worker.stop();
    const uploaded = await docs.upload('lost.md', `# Lost ${Date.now()}`);
    const stored = join(docs.storageDir, uploaded.body.sha256.slice(0, 2), uploaded.body.sha256);
    renameSync(stored, `${stored}.gone`);
    docs.app.worker.start();

    const settled = await docs.settled(uploaded.body.id);

    expect(settled.status).toBe('failed');
    expect(settled.failureReason).toMatch(/ENOENT/);
    expect(await jobOf(uploaded.body.id)).toMatchObject({ status: 'failed', attempts: 4 });
  });

  it('takes over a job whose worker died mid-job (lease expired) and finishes it exactly once', async () => {
    await docs.app.worker.stop();
    const uploaded = await docs.upload(
      'orphaned.md',
      `# Orphaned ${Date.now()}\n\n${'Words about lighthouses. '.repeat(60)}`,
    );
    // The state a killed worker leaves: the job says running, its lease has run out, no chunks were committed.
    await docs.pool.query(
      "UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'worker-that-died', lease_until = now() - interval '1 second' WHERE document_id = $1",
      [uploaded.body.id],
    );
    docs.app.worker.start();

    const settled = await docs.settled(uploaded.body.id);

    expect(settled.status).toBe('ready');
    const job = await jobOf(uploaded.body.id);
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
    expect(job.lockedBy).not.toBe('worker-that-died');
    const chunks = await docs.db.select().from(schema.chunks).where(eq(schema.chunks.documentId, uploaded.body.id));
    expect(chunks.map((chunk) => chunk.ordinal)).toEqual([...chunks.keys()]);
  });
});

describe('completing a job', () => {
  it('is refused to a worker whose lease was taken over, so only the new holder writes chunks', async () => {
    await docs.app.worker.stop();
    const queue = createJobQueue(docs.db, { ...docs.config.worker, leaseMs: 100 });
    const uploaded = await docs.upload('contested.md', `# Contested ${Date.now()}`);
    const late = await queue.claim('late-worker');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const current = await queue.claim('current-worker');

    const lateCompleted = await queue.complete(late!, 'late-worker', ['stale chunk']);
    const currentCompleted = await queue.complete(current!, 'current-worker', ['fresh chunk']);

    expect([late?.documentId, current?.documentId]).toEqual([uploaded.body.id, uploaded.body.id]);
    expect([lateCompleted, currentCompleted]).toEqual([false, true]);
    expect(
      (await docs.db.select().from(schema.chunks).where(eq(schema.chunks.documentId, uploaded.body.id))).map(
        (chunk) => chunk.content,
      ),
    ).toEqual(['fresh chunk']);
    docs.app.worker.start();
  });
});

describe('two service instances sharing the queue', () => {
  it('process every document exactly once between them (FOR UPDATE SKIP LOCKED)', async () => {
    // Started here, not at collection time, so it never competes with the tests above.
    const secondPool = new pg.Pool({ connectionString: docs.config.databaseUrl, max: 5 });
    const second = await buildApp(docs.config, { pgPool: secondPool, logStream: captureLogs().stream });
    await second.ready();
    try {
      const uploads = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          docs.upload(`batch-${i}.md`, `# Batch ${i} ${Date.now()}\n\n${'Tidal energy notes. '.repeat(40)}`),
        ),
      );
      const ids = uploads.map((upload) => upload.body.id as string);

      await Promise.all(ids.map((id) => docs.settled(id)));

      const jobs = await docs.db.select().from(schema.jobs).where(inArray(schema.jobs.documentId, ids));
      expect(jobs.map((job) => [job.status, job.attempts])).toEqual(ids.map(() => ['done', 1]));
      const perDocument = await docs.db
        .select({
          documentId: schema.chunks.documentId,
          chunks: sql<number>`count(*)::int`,
          distinctOrdinals: sql<number>`count(DISTINCT ordinal)::int`,
        })
        .from(schema.chunks)
        .where(inArray(schema.chunks.documentId, ids))
        .groupBy(schema.chunks.documentId);
      expect(perDocument).toHaveLength(12);
      expect(perDocument.every((row) => row.chunks === row.distinctOrdinals)).toBe(true);
    } finally {
      await second.close();
      await secondPool.end();
    }
  });
});
