import { Neo4jError, type Driver, type ManagedTransaction } from 'neo4j-driver';

/**
 * All Cypher lives in graph/ (and recall/ for vectors), and it is all parameterised: names, types and search text never
 * become part of a query string. Relation types are a property (relationship types cannot be
 * parameters in Cypher), and traversal depths select one of three fixed queries.
 */
export const ENTITY = 'e {.name, entityType: e.type, .observations}';

/**
 * Every lookup of an entity by its name seeks the (namespace, name) index, by a hint: left to
 * itself Neo4j at times read the namespace index and filtered the whole namespace (PROFILE:
 * 206 db hits in a namespace of 205 for one start), or scanned the composite index once per
 * name, every tenant's entities included (890 db hits for 2 names).
 */
export const byName = (variable: string) => `USING INDEX SEEK ${variable}:Entity(namespace, name)`;

/** The entities `e` named in `$names` (each once: pass the names deduplicated). */
export const ENTITIES_NAMED = `UNWIND $names AS name
  MATCH (e:Entity {namespace: $namespace, name: name}) ${byName('e')}`;

/** Every entity of the namespace, by name. */
export const ALL_ENTITIES = `MATCH (e:Entity {namespace: $namespace}) WHERE e.name IS NOT NULL RETURN ${ENTITY} ORDER BY e.name`;

/** The entities whose name, type or an observation contains `$query`, case-insensitive, by name. */
export const ENTITIES_CONTAINING = `MATCH (e:Entity {namespace: $namespace})
  WHERE toLower(e.name) CONTAINS toLower($query) OR toLower(e.type) CONTAINS toLower($query)
     OR any(o IN e.observations WHERE toLower(o) CONTAINS toLower($query))
  RETURN ${ENTITY} ORDER BY e.name`;

/**
 * What an entity says changed (it was created, or observations were added or deleted): its vector
 * is stale, and the embedding job (recall/embedding-job.ts) takes it up again. Searches by meaning
 * skip it until then, so an old meaning never matches.
 */
export const whenChanged = (condition: string) =>
  `FOREACH (_ IN CASE WHEN ${condition} THEN [1] ELSE [] END |
     SET e.embedVersion = coalesce(e.embedVersion, 0) + 1, e.embedPending = true, e.embedQueuedAt = timestamp(),
         e.embedRetryAt = 0, e.embedAttempts = 0)`;

/** Read committed: a read can meet a node another transaction is deleting. Trying again sees it gone. */
const RACED_A_DELETE = 'Neo.ClientError.Statement.EntityNotFound';
const ATTEMPTS = 3;

/**
 * A relation the MCP tools made to a name no entity has yet (the official server allows it) ends at
 * a (:Dangling) node, which no entity query sees. An entity created with that name takes the node
 * over, relations and all, marked `adopted` for the query to see (and remove). Used after
 * `UNWIND ... AS input`, before the MERGE of the entity.
 */
export const ADOPT_DANGLING = `OPTIONAL MATCH (d:Dangling {namespace: $namespace, name: input.name})
  FOREACH (_ IN CASE WHEN d IS NULL THEN [] ELSE [1] END |
    REMOVE d:Dangling
    SET d:Entity, d.type = input.entityType, d.observations = [], d.createdAt = datetime(), d.adopted = true)
  WITH input`;

export interface SessionOptions {
  /** Bounds every transaction on the server: Neo4j stops the work when it runs out, and the request gets a 503. */
  queryTimeoutMs: number;
  /** Called after a write that may have changed what entities of the namespace say (the embedding job has work). */
  changed?: (namespace: string) => void;
}

/** Transactions with the service's timeout, tried again when a read met a node being deleted. */
export function createSessions(driver: Driver, options: SessionOptions) {
  const withSession = async <T>(mode: 'READ' | 'WRITE', work: (tx: ManagedTransaction) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const session = driver.session({ defaultAccessMode: mode });
      const config = { timeout: options.queryTimeoutMs };
      try {
        return mode === 'READ' ? await session.executeRead(work, config) : await session.executeWrite(work, config);
      } catch (error) {
        if (!(error instanceof Neo4jError && error.code === RACED_A_DELETE && attempt < ATTEMPTS)) throw error;
      } finally {
        await session.close();
      }
    }
  };

  /** A write that can change what entities say: the embedding job is told when it is done. */
  const changing = async <T>(namespace: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> => {
    const result = await withSession('WRITE', work);
    options.changed?.(namespace);
    return result;
  };

  return { withSession, changing };
}
