import { neo4jDriver } from '@realdeps/isolation';
import { portAnswers, startNeo4j, startPostgres, startRedis } from '@realdeps/provisioning';
import { Redis } from 'ioredis';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

/** Each test starts servers of its own (not the shared ones), so stopping them harms no one. */
describe('the local provider', () => {
  // One server for both PostgreSQL tests' worth of checks: each boot costs a cluster copy and a start.
  it('starts PostgreSQL from the machine binaries, tuned for tests; pauses and resumes it on the same port with its data kept; removes it on stop', async () => {
    const server = await startPostgres({ provider: 'local', reuse: false });
    const write = new pg.Client({ connectionString: server.info.url });
    await write.connect();
    const { rows: settings } = await write.query<{ fsync: string }>("SELECT current_setting('fsync') AS fsync");
    await write.query('CREATE TABLE kept (value text)');
    await write.query('INSERT INTO kept VALUES ($1)', ['still here']);
    await write.end();

    await server.pause!();
    const answeredWhilePaused = await portAnswers(server.info.port);
    await server.resume!();
    const read = new pg.Client({ connectionString: server.info.url });
    await read.connect();
    const { rows } = await read.query('SELECT value FROM kept');
    await read.end();
    await server.stop();

    expect(server.info).toMatchObject({ kind: 'postgres', provider: 'local', host: '127.0.0.1', user: 'postgres' });
    expect(settings[0]?.fsync).toBe('off');
    expect(answeredWhilePaused).toBe(false);
    expect(rows).toEqual([{ value: 'still here' }]);
    expect(await portAnswers(server.info.port)).toBe(false);
  });

  it('starts redis-server without persistence and removes it on stop', async () => {
    const server = await startRedis({ provider: 'local', reuse: false });
    const client = new Redis(server.info.url);
    const [, save] = (await client.config('GET', 'save')) as [string, string];
    const [, appendonly] = (await client.config('GET', 'appendonly')) as [string, string];
    const [, dir] = (await client.config('GET', 'dir')) as [string, string];
    client.disconnect();
    await server.stop();

    expect({ save, appendonly }).toEqual({ save: '', appendonly: 'no' });
    expect(existsSync(dir)).toBe(false);
    expect(await portAnswers(server.info.port)).toBe(false);
  });

  it('starts Neo4j Community over Bolt for the official driver, and removes it on stop', async () => {
    const server = await startNeo4j({ provider: 'local', reuse: false });
    const driver = await neo4jDriver(server.info);
    const { records } = await driver.executeQuery(
      'CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition',
    );
    await driver.close();
    await server.stop();

    expect(records[0]?.toObject()).toMatchObject({ name: 'Neo4j Kernel', edition: 'community' });
    expect(String(records[0]?.get('version'))).toMatch(/^5\.26\./);
    expect(await portAnswers(server.info.port)).toBe(false);
  });
});
