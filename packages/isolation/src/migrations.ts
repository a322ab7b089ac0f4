import { importOptionalPeer } from '@realdeps/provisioning';
import { migrateSqlDirectory } from './sql-migrations.js';

/** Applies a service's migrations to the (empty) database at `url`: what a template is built with. */
export type Migrator = (url: string) => Promise<void>;

const PACKAGE_JSON = new URL('../package.json', import.meta.url);
const peer = <T>(name: string, neededFor: string) => importOptionalPeer<T>(name, neededFor, PACKAGE_JSON);

/** Every `*.sql` file of a folder, in name order, in one transaction. */
export function sqlFolderMigrator(folder: string): Migrator {
  return (url) => migrateSqlDirectory(url, folder);
}

/**
 * drizzle-kit's migrations folder (SQL files and `meta/_journal.json`), applied by drizzle's own
 * migrator through the driver the service uses: `node-postgres` (pg) or `postgres-js` (postgres).
 */
export function drizzleMigrator(folder: string, driver: 'node-postgres' | 'postgres-js' = 'node-postgres'): Migrator {
  const neededFor = `drizzleMigrator(${driver})`;
  if (driver === 'postgres-js') {
    return async (url) => {
      const { default: postgres } = await peer<{ default: typeof import('postgres') }>('postgres', neededFor);
      const { drizzle } = await peer<typeof import('drizzle-orm/postgres-js')>('drizzle-orm/postgres-js', neededFor);
      const { migrate } = await peer<typeof import('drizzle-orm/postgres-js/migrator')>(
        'drizzle-orm/postgres-js/migrator',
        neededFor,
      );
      const client = postgres(url, { max: 1, onnotice: () => undefined });
      try {
        await migrate(drizzle(client), { migrationsFolder: folder });
      } finally {
        await client.end();
      }
    };
  }
  return async (url) => {
    const { default: pg } = await import('pg');
    const { drizzle } = await peer<typeof import('drizzle-orm/node-postgres')>('drizzle-orm/node-postgres', neededFor);
    const { migrate } = await peer<typeof import('drizzle-orm/node-postgres/migrator')>(
      'drizzle-orm/node-postgres/migrator',
      neededFor,
    );
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await migrate(drizzle({ client: pool }), { migrationsFolder: folder });
    } finally {
      await pool.end();
    }
  };
}
