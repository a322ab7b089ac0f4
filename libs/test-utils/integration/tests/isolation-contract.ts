import { graphTest, useIsolatedDatabase, useRedisNamespace } from '@realdeps/isolation/vitest';
import { waitFor } from '@realdeps/provisioning';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';

/**
 * The same specification, run by two test files at once (isolation-a/-b.spec.ts): each
 * writes the same logical names with its own values, waits until the other file has
 * written too, then checks it sees only its own data in PostgreSQL, Redis and Neo4j.
 */
export function isolationSpecification(me: string, other: string): void {
  const servers = inject('servers');
  const barrierKey = `it:barrier:isolation:${inject('runId')}`;
  const raw = new Redis(servers.redis!.url, { lazyConnect: true });

  async function bothFilesHaveWritten(): Promise<void> {
    await raw.sadd(barrierKey, me);
    await raw.expire(barrierKey, 120);
    await waitFor(`the file "${other}" to write its data (are test files running in parallel?)`, 90_000, async () =>
      (await raw.sismember(barrierKey, other)) === 1 ? true : undefined,
    );
  }

  describe(`isolation seen from file ${me}`, async () => {
    const database = await useIsolatedDatabase();
    const redis = await useRedisNamespace();
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    beforeAll(() => raw.connect());
    afterAll(async () => {
      await pool.end();
      raw.disconnect();
    });

    graphTest(
      'PostgreSQL, Redis and Neo4j each show this file only its own data',
      { timeout: 120_000 },
      async ({ neo4j, namespace }) => {
        await pool.query('INSERT INTO items (owner, name) VALUES ($1, $2)', [me, 'shared-name']);
        await redis.client.set('shared-key', me);
        await neo4j.executeQuery('CREATE (:Item {namespace: $namespace, name: $name, owner: $me})', {
          namespace,
          name: 'shared-name',
          me,
        });

        await bothFilesHaveWritten();

        const { rows } = await pool.query('SELECT owner, name FROM items');
        expect(rows).toEqual([{ owner: me, name: 'shared-name' }]);
        expect(await redis.client.get('shared-key')).toBe(me);
        expect(await redis.keys()).toEqual(['shared-key']);
        const { records } = await neo4j.executeQuery(
          'MATCH (item:Item {namespace: $namespace}) RETURN item.owner AS owner',
          { namespace },
        );
        expect(records.map((record) => record.get('owner'))).toEqual([me]);
      },
    );
  });
}
