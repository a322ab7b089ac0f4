import type { Entity, Graph, Relation } from '@repo/contracts';
import { notFound } from '@repo/service-kit';
import { Neo4jError, int as neo4jInt, type Driver, type ManagedTransaction } from 'neo4j-driver';

/**
 * All Cypher lives here, and it is all parameterised: names, types and search text never
 * become part of a query string. Relation types are a property (relationship types cannot be
 * parameters in Cypher), and traversal depths select one of three fixed queries.
 */
const ENTITY = 'e {.name, entityType: e.type, .observations}';

/**
 * Every lookup of an entity by its name seeks the (namespace, name) index, by a hint: left to
 * itself Neo4j at times read the namespace index and filtered the whole namespace (PROFILE:
 * 206 db hits in a namespace of 205 for one start), or scanned the composite index once per
 * name, every tenant's entities included (890 db hits for 2 names).
 */
const byName = (variable: string) => `USING INDEX SEEK ${variable}:Entity(namespace, name)`;

/** The entities `e` named in `$names` (each once: pass the names deduplicated). */
const ENTITIES_NAMED = `UNWIND $names AS name
  MATCH (e:Entity {namespace: $namespace, name: name}) ${byName('e')}`;

/**
 * Breadth-first, one hop at a time: each hop collects the DISTINCT entities one relation away
 * from the previous hop that no earlier hop reached. Work grows with the relations, not with
 * the paths, so thousands of parallel relations cost what they weigh, whatever plan Neo4j
 * picks (a variable-length match over 600 parallel relations on 5 entities took 17 s).
 * The namespace is checked through coalesce(), which no index can answer: with a plain
 * `n.namespace = $namespace` Neo4j sought every entity of the namespace for each node of the
 * hop and joined them (PROFILE: 1978 db hits for 43 nodes), instead of following 43 relations.
 */
function hop(level: number): string {
  const previous = Array.from({ length: level - 1 }, (_, i) => `hop${i + 1}`);
  const seen = previous.map((name) => ` AND NOT n IN ${name}`).join('');
  const from = level === 1 ? 'start' : `hop${level - 1}`;
  return `CALL (${['start', ...previous].join(', ')}) {
    ${level === 1 ? 'WITH start AS a' : `UNWIND ${from} AS a`}
    MATCH (a)-[:RELATION]-(n:Entity)
    WHERE coalesce(n.namespace, '') = $namespace AND n <> start AND n.name IS NOT NULL${seen}
    RETURN collect(DISTINCT n) AS hop${level}
  }`;
}
const NEIGHBOURS_BY_DEPTH: Record<1 | 2 | 3, string> = {
  1: [hop(1), 'UNWIND [[1, hop1]] AS level'].join('\n'),
  2: [hop(1), hop(2), 'UNWIND [[1, hop1], [2, hop2]] AS level'].join('\n'),
  3: [hop(1), hop(2), hop(3), 'UNWIND [[1, hop1], [2, hop2], [3, hop3]] AS level'].join('\n'),
};

/** Read committed: a read can meet a node another transaction is deleting. Trying again sees it gone. */
const RACED_A_DELETE = 'Neo.ClientError.Statement.EntityNotFound';
const ATTEMPTS = 3;

async function relationsAmong(tx: ManagedTransaction, namespace: string, names: string[]): Promise<Relation[]> {
  const result = await tx.run(
    `${ENTITIES_NAMED}
     MATCH (e)-[r:RELATION]->(b:Entity {namespace: $namespace})
     WHERE b.name IN $names
     RETURN e.name AS from, b.name AS to, r.type AS relationType ORDER BY from, to, relationType`,
    { namespace, names: [...new Set(names)] },
  );
  return result.records.map((record) => record.toObject() as Relation);
}

async function requireEntities(tx: ManagedTransaction, namespace: string, names: string[]): Promise<void> {
  const result = await tx.run(
    `UNWIND $names AS name OPTIONAL MATCH (e:Entity {namespace: $namespace, name: name}) ${byName('e')}
     WITH name, e WHERE e IS NULL RETURN collect(name) AS missing`,
    {
      namespace,
      names: [...new Set(names)],
    },
  );
  const missing = result.records[0]?.get('missing') as string[];
  if (missing.length > 0)
    throw notFound(
      `No entity named ${missing.map((name) => JSON.stringify(name)).join(', ')} in this namespace; nothing was written.`,
    );
}

/**
 * `queryTimeoutMs` bounds every transaction on the server: Neo4j stops the work when it runs
 * out, even after the client has gone, and the request gets a 503.
 */
export function createGraphRepository(driver: Driver, options: { queryTimeoutMs: number }) {
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

  return {
    /** Creates the entities that do not exist and adds new observations to those that do. One transaction. */
    createEntities: (namespace: string, entities: Entity[]) =>
      withSession('WRITE', async (tx) => {
        const result = await tx.run(
          `UNWIND $entities AS input
           MERGE (e:Entity {namespace: $namespace, name: input.name})
             ON CREATE SET e.type = input.entityType, e.observations = [], e.createdAt = datetime()
           SET e.observations = e.observations + [o IN input.observations WHERE NOT o IN e.observations]
           RETURN ${ENTITY}`,
          { namespace, entities },
        );
        return result.records.map((record) => record.get('e') as Entity);
      }),

    /** All or nothing: if any endpoint is missing, no relation is created. */
    createRelations: (namespace: string, relations: Relation[]) =>
      withSession('WRITE', async (tx) => {
        await requireEntities(
          tx,
          namespace,
          relations.flatMap((relation) => [relation.from, relation.to]),
        );
        await tx.run(
          `UNWIND $relations AS input
           MATCH (a:Entity {namespace: $namespace, name: input.from}), (b:Entity {namespace: $namespace, name: input.to})
           ${byName('a')} ${byName('b')}
           MERGE (a)-[r:RELATION {type: input.relationType}]->(b)
             ON CREATE SET r.namespace = $namespace, r.createdAt = datetime()`,
          { namespace, relations },
        );
        return relations;
      }),

    /** Additions naming one entity several times are merged first, so each observation is added once. */
    addObservations: (namespace: string, requested: { entityName: string; contents: string[] }[]) =>
      withSession('WRITE', async (tx) => {
        const merged = new Map<string, Set<string>>();
        for (const { entityName, contents } of requested) {
          const set = merged.get(entityName) ?? new Set<string>();
          for (const content of contents) set.add(content);
          merged.set(entityName, set);
        }
        const additions = [...merged].map(([entityName, contents]) => ({ entityName, contents: [...contents] }));
        await requireEntities(
          tx,
          namespace,
          additions.map((addition) => addition.entityName),
        );
        const result = await tx.run(
          `UNWIND $additions AS input
           MATCH (e:Entity {namespace: $namespace, name: input.entityName}) ${byName('e')}
           WITH e, input, [o IN input.contents WHERE NOT o IN e.observations] AS added
           SET e.observations = e.observations + added
           RETURN e.name AS entityName, added AS addedObservations`,
          { namespace, additions },
        );
        return result.records.map((record) => record.toObject() as { entityName: string; addedObservations: string[] });
      }),

    deleteObservations: (namespace: string, deletions: { entityName: string; observations: string[] }[]) =>
      withSession('WRITE', async (tx) => {
        await tx.run(
          `UNWIND $deletions AS input
           MATCH (e:Entity {namespace: $namespace, name: input.entityName}) ${byName('e')}
           SET e.observations = [o IN e.observations WHERE NOT o IN input.observations]`,
          { namespace, deletions },
        );
      }),

    /** Deletes the entities and every relation touching them. */
    deleteEntities: (namespace: string, names: string[]) =>
      withSession('WRITE', async (tx) => {
        const result = await tx.run(`${ENTITIES_NAMED} DETACH DELETE e RETURN count(*) AS deleted`, {
          namespace,
          names: [...new Set(names)],
        });
        return result.records[0]?.get('deleted') as number;
      }),

    deleteRelations: (namespace: string, relations: Relation[]) =>
      withSession('WRITE', async (tx) => {
        await tx.run(
          `UNWIND $relations AS input
           MATCH (a:Entity {namespace: $namespace, name: input.from})-[r:RELATION {type: input.relationType}]->(b:Entity {namespace: $namespace, name: input.to})
           ${byName('a')}
           DELETE r`,
          { namespace, relations },
        );
      }),

    readGraph: (namespace: string): Promise<Graph> =>
      withSession('READ', async (tx) => {
        const entities = await tx.run(
          `MATCH (e:Entity {namespace: $namespace}) WHERE e.name IS NOT NULL RETURN ${ENTITY} ORDER BY e.name`,
          {
            namespace,
          },
        );
        const relations = await tx.run(
          `MATCH (a:Entity {namespace: $namespace})-[r:RELATION]->(b:Entity)
           WHERE a.name IS NOT NULL AND b.name IS NOT NULL
           RETURN a.name AS from, b.name AS to, r.type AS relationType ORDER BY from, to, relationType`,
          { namespace },
        );
        return {
          entities: entities.records.map((record) => record.get('e') as Entity),
          relations: relations.records.map((record) => record.toObject() as Relation),
        };
      }),

    /** Entities whose name, type or an observation contains `query` (case-insensitive), and the relations among them. */
    searchNodes: (namespace: string, query: string): Promise<Graph> =>
      withSession('READ', async (tx) => {
        const result = await tx.run(
          `MATCH (e:Entity {namespace: $namespace})
           WHERE toLower(e.name) CONTAINS toLower($query) OR toLower(e.type) CONTAINS toLower($query)
              OR any(o IN e.observations WHERE toLower(o) CONTAINS toLower($query))
           RETURN ${ENTITY} ORDER BY e.name`,
          { namespace, query },
        );
        const entities = result.records.map((record) => record.get('e') as Entity);
        return {
          entities,
          relations: await relationsAmong(
            tx,
            namespace,
            entities.map((entity) => entity.name),
          ),
        };
      }),

    openNodes: (namespace: string, names: string[]): Promise<Graph> =>
      withSession('READ', async (tx) => {
        const result = await tx.run(`${ENTITIES_NAMED} RETURN ${ENTITY} ORDER BY e.name`, {
          namespace,
          names: [...new Set(names)],
        });
        return {
          entities: result.records.map((record) => record.get('e') as Entity),
          relations: await relationsAmong(tx, namespace, names),
        };
      }),

    /** Entities within `depth` hops (either direction), each once, with its distance. */
    neighbours: (namespace: string, name: string, depth: 1 | 2 | 3, limit: number) =>
      withSession('READ', async (tx) => {
        await requireEntities(tx, namespace, [name]);
        const result = await tx.run(
          `MATCH (start:Entity {namespace: $namespace, name: $name}) ${byName('start')}
           ${NEIGHBOURS_BY_DEPTH[depth]}
           UNWIND level[1] AS e
           RETURN ${ENTITY}, level[0] AS distance ORDER BY distance, e.name LIMIT $limit`,
          { namespace, name, limit: neo4jInt(limit) },
        );
        return result.records.map((record) => ({
          ...(record.get('e') as Entity),
          distance: record.get('distance') as number,
        }));
      }),

    /** One shortest path between two entities (either direction), or undefined. */
    shortestPath: (namespace: string, from: string, to: string) =>
      withSession('READ', async (tx) => {
        await requireEntities(tx, namespace, [from, to]);
        const result = await tx.run(
          `MATCH (a:Entity {namespace: $namespace, name: $from}), (b:Entity {namespace: $namespace, name: $to})
           ${byName('a')} ${byName('b')}
           MATCH p = ANY SHORTEST (a)-[:RELATION]-{0,15}(b)
           RETURN [n IN nodes(p) | n.name] AS names,
                  [r IN relationships(p) | {from: startNode(r).name, to: endNode(r).name, relationType: r.type}] AS relations`,
          { namespace, from, to },
        );
        const record = result.records[0];
        return record
          ? { entities: record.get('names') as string[], relations: record.get('relations') as Relation[] }
          : undefined;
      }),
  };
}

export type GraphRepository = ReturnType<typeof createGraphRepository>;
