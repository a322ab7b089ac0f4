import { runMigrationCli } from '@repo/postgres-kit';
import { migrationsFolder } from './migrate.js';

await runMigrationCli(migrationsFolder);
