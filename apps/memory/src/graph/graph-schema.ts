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

/** Another instance starting at the same moment created the same rule first: that is fine (checked below). */
const ALREADY_THERE = /EquivalentSchemaRuleAlreadyExists|IndexAlreadyExists|ConstraintAlreadyExists/;

/**
 * Creates the schema, then reads it back and refuses to start without the uniqueness
 * constraint. `IF NOT EXISTS` alone is not enough: an index on (namespace, name) makes the
 * constraint fail with IndexAlreadyExists, which was once swallowed, and concurrent creates
 * then duplicated entities.
 */
export async function ensureGraphSchema(driver: Driver): Promise<void> {
  for (const statement of STATEMENTS) {
    try {
      await driver.executeQuery(statement);
    } catch (error) {
      if (!(error instanceof Neo4jError && ALREADY_THERE.test(error.code))) throw error;
    }
  }
  const { records } = await driver.executeQuery(
    `SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties
     WHERE type IN ['UNIQUENESS', 'NODE_KEY', 'NODE_PROPERTY_UNIQUENESS'] AND labelsOrTypes = ['Entity']
       AND properties = ['namespace', 'name']
     RETURN count(*) AS found`,
  );
  if (records[0]?.get('found') === 0) {
    const blocking = await driver.executeQuery(
      `SHOW INDEXES YIELD name, labelsOrTypes, properties, owningConstraint
       WHERE labelsOrTypes = ['Entity'] AND properties = ['namespace', 'name'] AND owningConstraint IS NULL
       RETURN name`,
    );
    const names = blocking.records.map((record) => record.get('name') as string);
    throw new Error(
      'The graph has no uniqueness constraint on (:Entity {namespace, name}), so concurrent creates could duplicate entities; ' +
        (names.length
          ? `the index ${names.join(', ')} on the same properties blocks it: DROP INDEX ${names[0]}, then start again.`
          : 'create it or let the service create it, then start again.'),
    );
  }
}
