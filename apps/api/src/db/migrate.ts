import { migrateDatabase as migrate } from '@repo/postgres-kit';
import { fileURLToPath } from 'node:url';

/** The SQL migrations drizzle-kit generated from schema.ts. */
export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Applies pending migrations; safe to run again. */
export const migrateDatabase = (databaseUrl: string) => migrate(databaseUrl, migrationsFolder);
