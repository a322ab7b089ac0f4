import pg from 'pg';
import { databaseUrl, quoteIdent } from './postgres-url.js';

export interface TemplateOptions {
  /** A short name for the schema, e.g. `api` (letters, digits, underscores). */
  name: string;
  /** Changes whenever the migrations change, e.g. `hashFiles(migrationsDir)`. */
  key: string;
  /** Applies the migrations to the database at `url`. Runs once per key per server. */
  migrate(url: string): Promise<void>;
  /** Databases cloned ahead of time, so a test file gets one with a rename, not a copy. */
  poolSize?: number;
}

/** Plain data, handed to test files with `provide('postgresTemplate', ...)`. */
export interface TemplateInfo {
  serverUrl: string;
  template: string;
}

export const poolPrefix = (template: string) => `${template}_p_`;
export const randomSuffix = () => Math.random().toString(36).slice(2, 10);

export async function withAdmin<T>(serverUrl: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

export async function cloneTemplate(admin: pg.Client, template: string, name: string): Promise<void> {
  await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
}

async function databaseExists(admin: pg.Client, name: string): Promise<boolean> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rowCount === 1;
}

/**
 * Makes sure a migrated template database exists for `options.key` on the server, and fills
 * a small pool of clones. The template is migrated under another name and renamed when
 * complete, under an advisory lock, so parallel runs never see a half-migrated template.
 * Returns the template info and a disposer that drops the unused pool.
 */
export async function preparePostgresTemplate(
  serverUrl: string,
  options: TemplateOptions,
): Promise<{ info: TemplateInfo; dispose(): Promise<void> }> {
  const template = `it_${options.name}_${options.key}`.toLowerCase().slice(0, 40);
  await withAdmin(serverUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      if (await databaseExists(admin, template)) return;
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)}`);
      await admin.query(`CREATE DATABASE ${quoteIdent(building)}`);
      await options.migrate(databaseUrl(serverUrl, building));
      await admin.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(template)}`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
    const poolSize = options.poolSize ?? 4;
    await Promise.all(
      Array.from({ length: poolSize }, () =>
        withAdmin(serverUrl, (client) => cloneTemplate(client, template, `${poolPrefix(template)}${randomSuffix()}`)),
      ),
    );
  });
  return {
    info: { serverUrl, template },
    dispose: () =>
      withAdmin(serverUrl, async (admin) => {
        const { rows } = await admin.query<{ datname: string }>(
          'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
          [poolPrefix(template)],
        );
        for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)}`);
      }),
  };
}
