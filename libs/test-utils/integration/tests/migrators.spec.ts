import { databaseUrl, drizzleMigrator, sqlFolderMigrator, type Migrator } from '@realdeps/isolation';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { admin, onDatabase, postgresServer } from './postgres-admin.js';

const drizzleFolder = fileURLToPath(new URL('../fixtures/drizzle-migrations', import.meta.url));
const sqlFolder = fileURLToPath(new URL('../fixtures/migrations', import.meta.url));
const serverUrl = postgresServer();
const folders: string[] = [];
const created: string[] = [];

/** An empty database of this test's own, as a template starts. */
async function emptyDatabase(): Promise<string> {
  const name = `migrators_${Math.random().toString(36).slice(2, 10)}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  created.push(name);
  return databaseUrl(serverUrl, name);
}

const tablesAndIndexes = (url: string): Promise<string[]> =>
  onDatabase(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      "SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i') ORDER BY 1",
    );
    return rows.map((row) => row.name);
  });

/** Connections still open to the database at `url`, once those closing have had 2 s to go. */
async function connectionsLeftTo(url: string): Promise<number> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  let open = 0;
  for (let waited = 0; waited <= 2000; waited += 50) {
    open = await admin(async (client) => {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      return rows[0]!.n;
    });
    if (open === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return open;
}

afterAll(async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  await admin(async (client) => {
    for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
});

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

  it('sqlFolderMigrator applies the .sql files in name order, skips other files, and commits nothing when one fails', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sql-folder-'));
    folders.push(folder);
    writeFileSync(join(folder, '002_tags.sql'), 'CREATE TABLE tags (item bigint REFERENCES items (id));');
    writeFileSync(join(folder, '001_items.sql'), 'CREATE TABLE items (id bigserial PRIMARY KEY);');
    writeFileSync(join(folder, 'README.md'), 'Not SQL: the migrator must not run this.');
    const url = await emptyDatabase();

    await sqlFolderMigrator(folder)(url);
    writeFileSync(join(folder, '003_broken.sql'), 'CREATE TABLE later (id int); CREATE TABLE tags ();');
    const another = await emptyDatabase();
    await expect(sqlFolderMigrator(folder)(another)).rejects.toThrow('relation "tags" already exists');

    expect(await tablesAndIndexes(url)).toEqual(['items', 'items_pkey', 'tags']);
    expect(await tablesAndIndexes(another)).toEqual([]);
  });

  it.for([
    ['sqlFolderMigrator', () => sqlFolderMigrator(sqlFolder)],
    ['drizzleMigrator through node-postgres', () => drizzleMigrator(drizzleFolder, 'node-postgres')],
    ['drizzleMigrator through postgres-js', () => drizzleMigrator(drizzleFolder, 'postgres-js')],
  ] as const)('%s closes its connections when done', async ([, migrator]) => {
    const url = await emptyDatabase();

    await migrator()(url);

    expect(await connectionsLeftTo(url)).toBe(0);
  });
});
