import { explainStatement, profileCypher, recordStatements } from '@realdeps/isolation';
import { graphTest, useIsolatedDatabase } from '@realdeps/isolation/vitest';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const database = await useIsolatedDatabase();
const pools: pg.Pool[] = [];
afterAll(() => Promise.all(pools.map((pool) => pool.end())));

const freshPool = () => {
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  pools.push(pool);
  return pool;
};

describe('recordStatements', () => {
  it('records what the pool sends while the work runs, in every calling style, and nothing outside it', async () => {
    const pool = freshPool();
    const recorder = recordStatements(pool);
    await pool.query('SELECT 1');

    const { value, statements } = await recorder.during(async () => {
      await pool.query('SELECT $1::text AS plain', ['a']);
      await pool.query({ text: 'SELECT $1::text AS config', values: ['b'] });
      // drizzle's style: the config carries no values, they come beside it.
      await pool.query({ text: 'SELECT $1::text AS beside' }, ['c']);
      await pool.query({ text: 'SELECT 2 AS none' });
      const client = await pool.connect();
      await client.query('BEGIN');
      await client.query('COMMIT');
      client.release();
      return 'done';
    });
    await pool.query('SELECT 3');

    expect(value).toBe('done');
    expect(statements).toEqual([
      { text: 'SELECT $1::text AS plain', values: ['a'] },
      { text: 'SELECT $1::text AS config', values: ['b'] },
      { text: 'SELECT $1::text AS beside', values: ['c'] },
      { text: 'SELECT 2 AS none', values: [] },
      { text: 'BEGIN', values: [] },
      { text: 'COMMIT', values: [] },
    ]);
  });

  it('refuses a pool that has already connected, whose clients it could no longer see', async () => {
    const pool = freshPool();
    await pool.query('SELECT 1');

    expect(() => recordStatements(pool)).toThrow('recordStatements() needs a pool that has not connected yet');
  });

  it('refuses overlapping windows, and opens again after one that failed', async () => {
    const pool = freshPool();
    const recorder = recordStatements(pool);
    let release: () => void = () => undefined;
    const open = recorder.during(() => new Promise<void>((resolve) => (release = resolve)));

    await expect(recorder.during(async () => undefined)).rejects.toThrow('during() calls cannot overlap');
    release();
    await open;
    await expect(recorder.during(() => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    const { statements } = await recorder.during(() => pool.query('SELECT 4'));

    expect(statements).toEqual([{ text: 'SELECT 4', values: [] }]);
  });
});

describe('explainStatement', () => {
  const byOwner = { text: 'SELECT name FROM items WHERE owner = $1 ORDER BY created_at', values: ['ada'] };

  it('shows the index a statement can use, with sequential scans priced out, and changes nothing', async () => {
    const pool = freshPool();
    await pool.query('CREATE INDEX IF NOT EXISTS items_owner_idx ON items (owner)');
    await pool.query("INSERT INTO items (owner, name) VALUES ('ada', 'kept')");

    const plan = await explainStatement(pool, byOwner);
    const deletion = await explainStatement(pool, { text: 'DELETE FROM items WHERE owner = $1', values: ['ada'] });

    expect(plan).toContainEqual(expect.objectContaining({ indexName: 'items_owner_idx' }));
    expect(plan.map((node) => node.nodeType)).not.toContain('Seq Scan');
    expect(deletion.map((node) => node.nodeType)).toContain('ModifyTable');
    expect((await pool.query('SELECT name FROM items WHERE owner = $1', ['ada'])).rows).toEqual([{ name: 'kept' }]);
  });

  it('plans without the indexes named, inside a transaction it rolls back', async () => {
    const pool = freshPool();
    await pool.query('CREATE INDEX IF NOT EXISTS items_owner_idx ON items (owner)');

    const plan = await explainStatement(pool, byOwner, { withoutIndexes: ['items_owner_idx'] });

    expect(plan).toContainEqual({ nodeType: 'Seq Scan', relationName: 'items' });
    expect((await pool.query("SELECT 1 FROM pg_indexes WHERE indexname = 'items_owner_idx'")).rowCount).toBe(1);
  });

  it('prices out the steps named, so a Sort left in the plan means no index gives the order', async () => {
    const pool = freshPool();
    await pool.query('CREATE INDEX IF NOT EXISTS items_owner_idx ON items (owner)');

    const sorted = await explainStatement(pool, byOwner, { avoid: ['seqscan', 'bitmapscan', 'sort'] });
    await pool.query('CREATE INDEX IF NOT EXISTS items_owner_created_idx ON items (owner, created_at)');
    const ordered = await explainStatement(pool, byOwner, { avoid: ['seqscan', 'bitmapscan', 'sort'] });
    const unpriced = await explainStatement(pool, { text: 'SELECT name FROM items', values: [] }, { avoid: [] });

    expect(sorted.map((node) => node.nodeType)).toContain('Sort');
    expect(ordered.map((node) => node.nodeType)).not.toContain('Sort');
    expect(ordered).toContainEqual(expect.objectContaining({ indexName: 'items_owner_created_idx' }));
    expect(unpriced).toEqual([{ nodeType: 'Seq Scan', relationName: 'items' }]);
    await pool.query('DROP INDEX items_owner_created_idx');
  });
});

describe('profileCypher', () => {
  graphTest(
    "counts the db hits of the app's queries inside the window, gives the same results, and leaves other queries alone",
    async ({ neo4j, namespace }) => {
      const profiler = profileCypher(neo4j);
      const names = (count: number) => Array.from({ length: count }, (_, index) => `thing-${index}`);
      await neo4j.executeQuery('UNWIND $names AS name CREATE (:Thing {namespace: $namespace, name: name})', {
        names: names(5),
        namespace,
      });
      const readAll = async () => {
        const session = profiler.driver.session();
        try {
          return await session.executeRead(async (tx) => {
            const result = await tx.run('MATCH (t:Thing {namespace: $namespace}) RETURN t.name AS name ORDER BY name', {
              namespace,
            });
            return result.records.map((record) => record.get('name') as string);
          });
        } finally {
          await session.close();
        }
      };

      const outside = await readAll();
      const few = await profiler.during(readAll);
      await neo4j.executeQuery('UNWIND $names AS name CREATE (:Thing {namespace: $namespace, name: name})', {
        names: names(50).slice(5),
        namespace,
      });
      const many = await profiler.during(async () => {
        const session = profiler.driver.session();
        try {
          return await session.executeWrite((tx) =>
            tx.run('MATCH (t:Thing {namespace: $namespace}) SET t.seen = true RETURN t', { namespace }),
          );
        } finally {
          await session.close();
        }
      });

      expect(few.value).toEqual(outside);
      expect(few.value).toHaveLength(5);
      expect(few.queries).toHaveLength(1);
      expect(few.queries[0]).toMatchObject({
        query: 'MATCH (t:Thing {namespace: $namespace}) RETURN t.name AS name ORDER BY name',
        rows: 5,
      });
      expect(few.queries[0]!.dbHits).toBeGreaterThan(0);
      expect(few.queries[0]!.plan).toMatch(/^ProduceResults(@\w+)? \(\d+ db hits, 5 rows\)/);
      expect(few.queries[0]!.plan).toMatch(/\n {2,}\w+(@\w+)? \(\d+ db hits/);
      // The total is every operator's db hits, as the plan lists them.
      const listed = [...few.queries[0]!.plan.matchAll(/\((\d+) db hits/g)].map((match) => Number(match[1]));
      expect(listed.length).toBeGreaterThan(1);
      expect(few.queries[0]!.dbHits).toBe(listed.reduce((sum, hits) => sum + hits, 0));
      expect(many.queries).toHaveLength(1);
      expect(many.queries[0]!.rows).toBe(50);
      expect(many.queries[0]!.dbHits).toBeGreaterThan(few.queries[0]!.dbHits);
      expect(many.value.records).toHaveLength(50);
    },
  );
});
