export { hashFiles } from './hash-files.js';
export { drizzleMigrator, sqlFolderMigrator, type Migrator } from './migrations.js';
export { createNeo4jNamespace, neo4jDriver, type Neo4jConnectionInfo, type Neo4jNamespace } from './neo4j-namespace.js';
export { createIsolatedDatabase, type IsolatedDatabase } from './postgres-database.js';
export { preparePostgresTemplate, type TemplateInfo, type TemplateOptions } from './postgres-template.js';
export { databaseUrl } from './postgres-url.js';
export {
  explainStatement,
  profileCypher,
  recordStatements,
  type CypherProfiler,
  type ExplainOptions,
  type PlanNode,
  type PlanStep,
  type ProfiledQuery,
  type RecordedStatement,
  type StatementRecorder,
} from './query-budgets.js';
export { createRedisNamespace, type RedisNamespace } from './redis-namespace.js';
export { migrateSqlDirectory } from './sql-migrations.js';
