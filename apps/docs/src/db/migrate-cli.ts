import { migrateDatabase } from './migrate.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: point it at the database to migrate.');
  process.exit(2);
}
await migrateDatabase(url);
console.info('migrations applied');
