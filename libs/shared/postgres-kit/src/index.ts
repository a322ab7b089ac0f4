export { databaseUnavailable, isForeignKeyViolation, isUniqueViolation } from './database-errors.js';
export { runMigrationCli } from './migrate-cli.js';
export { migrateDatabase } from './migrate.js';
export { PostgresSettings, connectPostgres, createPgPool } from './pg-pool.js';
