export { databaseUnavailable, isUniqueViolation } from './database-errors.js';
export { migrateDatabase } from './migrate.js';
