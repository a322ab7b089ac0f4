export { databaseUnavailable, isForeignKeyViolation, isUniqueViolation } from './database-errors.js';
export { runMigrationCli } from './migrate-cli.js';
export { migrateDatabase } from './migrate.js';
export { pgPoolPlugin, type PgPoolPluginOptions } from './pg-pool-plugin.js';
export { PostgresSettings, createPgPool } from './pg-pool.js';
