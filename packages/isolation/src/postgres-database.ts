import type pg from 'pg';
import { cloneTemplate, poolPrefix, randomSuffix, withAdmin, type TemplateInfo } from './postgres-template.js';
import { databaseUrl, quoteIdent } from './postgres-url.js';

export interface IsolatedDatabase {
  name: string;
  url: string;
  /** Drops the database (closing any connection still open to it). */
  drop(): Promise<void>;
}

/** Takes a pre-cloned database from the pool by renaming it; undefined when the pool is empty. */
async function claimPooled(admin: pg.Client, template: string, name: string): Promise<boolean> {
  const { rows } = await admin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY random()',
    [poolPrefix(template)],
  );
  for (const { datname } of rows) {
    try {
      await admin.query(`ALTER DATABASE ${quoteIdent(datname)} RENAME TO ${quoteIdent(name)}`);
      return true;
    } catch {
      // Another test file claimed it between our SELECT and RENAME: try the next one.
    }
  }
  return false;
}

/**
 * A fresh database with the template's schema, for one test file: a committed, real
 * database that the service under test can use through its normal pool. Taken from the
 * pre-cloned pool when possible (one rename) and the pool is refilled in the background.
 */
export async function createIsolatedDatabase(template: TemplateInfo): Promise<IsolatedDatabase> {
  const name = `${template.template}_t_${randomSuffix()}`;
  const claimed = await withAdmin(template.serverUrl, async (admin) => {
    if (await claimPooled(admin, template.template, name)) return true;
    await cloneTemplate(admin, template.template, name);
    return false;
  });
  // Keep the pool topped up for the next file; errors here only cost the next file a clone.
  const refill = claimed
    ? withAdmin(template.serverUrl, (admin) =>
        cloneTemplate(admin, template.template, `${poolPrefix(template.template)}${randomSuffix()}`),
      ).catch(() => undefined)
    : Promise.resolve();
  return {
    name,
    url: databaseUrl(template.serverUrl, name),
    drop: async () => {
      await refill;
      await withAdmin(template.serverUrl, async (admin) => {
        // Pools closed a moment ago may still have backends shutting down. FORCE would send
        // them a termination error, which lands on a pool that no longer listens (an
        // unhandled error in the test run), so give them up to a second to go first.
        for (let waited = 0; waited < 1000; waited += 20) {
          const { rows } = await admin.query<{ open: number }>(
            'SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          if (rows[0]?.open === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      });
    },
  };
}
