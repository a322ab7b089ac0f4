import { Neo4jError, int as neo4jInt, type Driver } from 'neo4j-driver';

export const VECTOR_INDEX = 'entity_embedding';

/**
 * The vector index for the configured length, and the index the job finds its work by. Refuses to
 * start when the vector index exists for another length: its vectors and the API's would not
 * compare, and Neo4j would leave the new ones out of the index without a word.
 */
export async function ensureEmbeddingSchema(driver: Driver, dimensions: number): Promise<void> {
  if (!Number.isInteger(dimensions) || dimensions < 1)
    throw new RangeError(`dimensions must be a positive integer (got ${dimensions})`);
  const statements = [
    'CREATE INDEX entity_embed_pending IF NOT EXISTS FOR (e:Entity) ON (e.embedPending)',
    // OPTIONS takes no parameters; the length is an integer checked above.
    `CREATE VECTOR INDEX ${VECTOR_INDEX} IF NOT EXISTS FOR (e:Entity) ON (e.embedding)
     OPTIONS {indexConfig: {\`vector.dimensions\`: ${dimensions}, \`vector.similarity_function\`: 'cosine'}}`,
  ];
  for (const statement of statements) {
    try {
      await driver.executeQuery(statement);
    } catch (error) {
      if (!(error instanceof Neo4jError && /EquivalentSchemaRuleAlreadyExists|IndexAlreadyExists/.test(error.code)))
        throw error;
    }
  }
  const { records } = await driver.executeQuery(
    `SHOW VECTOR INDEXES YIELD name, options WHERE name = $name RETURN options.indexConfig['vector.dimensions'] AS dimensions`,
    { name: VECTOR_INDEX },
  );
  const existing = Number(records[0]?.get('dimensions'));
  if (existing !== dimensions)
    throw new Error(
      `The vector index ${VECTOR_INDEX} holds vectors of ${existing} dimensions, and the embeddings are configured for ${dimensions}: ` +
        `set EMBEDDINGS_DIMENSIONS=${existing}, or DROP INDEX ${VECTOR_INDEX} to embed everything again at ${dimensions}.`,
    );
  // Entities written before embeddings were configured, or embedded at another length before the
  // index was dropped: embed them (again). CALL IN TRANSACTIONS needs an auto-commit transaction.
  const session = driver.session();
  try {
    await session.run(
      `MATCH (e:Entity) WHERE e.name IS NOT NULL
         AND (e.embedVersion IS NULL OR (e.embedding IS NOT NULL AND size(e.embedding) <> $dimensions))
       CALL (e) {
         SET e.embedVersion = coalesce(e.embedVersion, 0) + 1, e.embedPending = true, e.embedQueuedAt = 0, e.embedRetryAt = 0,
             e.embedAttempts = 0, e.embedding = null, e.embeddedVersion = null
       } IN TRANSACTIONS OF 1000 ROWS`,
      { dimensions: neo4jInt(dimensions) },
    );
  } finally {
    await session.close();
  }
}
