import { migrateDatabase } from './migrate.js';

/** The body of a service's `npm run migrate`: DATABASE_URL from the environment, migrations from the service. */
export async function runMigrationCli(migrationsFolder: string): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set: point it at the database to migrate.');
    process.exit(2);
  }
  await migrateDatabase(url, migrationsFolder);
  console.info('migrations applied');
}
