import pg from 'pg';
import { inject } from 'vitest';

/** The suite's PostgreSQL server (the one the global setup started or was given). */
export const postgresServer = (): string => inject('servers').postgres!.url;

/** Runs `fn` on a connection to the server's default database, closed afterwards. */
export const admin = <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => onDatabase(postgresServer(), fn);

/** The databases on the server whose names start with `prefix`, sorted. */
export const databasesStartingWith = (prefix: string): Promise<string[]> =>
  admin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1',
      [prefix],
    );
    return rows.map((row) => row.datname);
  });

/** Runs `fn` on a connection to the database at `url`, closed afterwards. */
export async function onDatabase<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
