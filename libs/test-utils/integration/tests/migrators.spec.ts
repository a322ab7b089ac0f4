import { databaseUrl, drizzleMigrator, sqlFolderMigrator, type Migrator } from '@realdeps/isolation';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';

const drizzleFolder = fileURLToPath(new URL('../fixtures/drizzle-migrations', import.meta.url));
const sqlFolder = fileURLToPath(new URL('../fixtures/migrations', import.meta.url));
const serverUrl = inject('servers').postgres!.url;
const created: string[] = [];

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** An empty database of this test's own, as a template starts. */
async function emptyDatabase(): Promise<string> {
  const name = `migrators_${Math.random().toString(36).slice(2, 10)}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  created.push(name);
  return databaseUrl(serverUrl, name);
}

async function tablesAndIndexes(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i') ORDER BY 1",
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

afterAll(() =>
  admin(async (client) => {
    for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }),
);

describe('migration adapters', () => {
  const drizzle: [string, Migrator][] = [
    ['node-postgres', drizzleMigrator(drizzleFolder, 'node-postgres')],
    ['postgres-js', drizzleMigrator(drizzleFolder, 'postgres-js')],
  ];
  it.for(drizzle)(
    "drizzleMigrator through %s applies drizzle-kit's folder once, as drizzle records it",
    async ([, migrate]) => {
      const url = await emptyDatabase();

      await migrate(url);
      await migrate(url);

      expect(await tablesAndIndexes(url)).toEqual(['items', 'items_name', 'items_pkey']);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const applied = await client.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
      await client.end();
      expect(applied.rows[0].n).toBe(1);
    },
  );

  it('sqlFolderMigrator applies every .sql file of a folder', async () => {
    const url = await emptyDatabase();

    await sqlFolderMigrator(sqlFolder)(url);

    expect(await tablesAndIndexes(url)).toEqual(['items', 'items_pkey']);
  });
});
