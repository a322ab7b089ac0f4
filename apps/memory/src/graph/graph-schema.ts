import { Neo4jError, type Driver } from 'neo4j-driver';

/**
 * Constraints and indexes, created idempotently at startup. The composite uniqueness
 * constraint makes MERGE safe under concurrency: parallel creates of one entity leave one node.
 */
const STATEMENTS = [
  'CREATE CONSTRAINT entity_name_per_namespace IF NOT EXISTS FOR (e:Entity) REQUIRE (e.namespace, e.name) IS UNIQUE',
  'CREATE INDEX entity_namespace IF NOT EXISTS FOR (e:Entity) ON (e.namespace)',
  'CREATE INDEX relation_namespace IF NOT EXISTS FOR ()-[r:RELATION]-() ON (r.namespace)',
];

/** Another instance starting at the same moment created the same rule first: that is fine. */
const ALREADY_THERE = /EquivalentSchemaRuleAlreadyExists|IndexAlreadyExists|ConstraintAlreadyExists/;

export async function ensureGraphSchema(driver: Driver): Promise<void> {
  for (const statement of STATEMENTS) {
    try {
      await driver.executeQuery(statement);
    } catch (error) {
      if (!(error instanceof Neo4jError && ALREADY_THERE.test(error.code))) throw error;
    }
  }
}
