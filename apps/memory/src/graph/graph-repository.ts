import type { Entity, Graph, Relation } from '@repo/contracts';
import { notFound } from '@repo/service-kit';
import { int as neo4jInt, type Driver, type ManagedTransaction } from 'neo4j-driver';
import {
  ADOPT_DANGLING,
  ALL_ENTITIES,
  byName,
  createSessions,
  ENTITIES_CONTAINING,
  ENTITIES_NAMED,
  ENTITY,
  whenChanged,
  type SessionOptions,
} from './cypher.js';

/**
 * The graph as REST offers it: relations only between entities that exist (404 otherwise), an
 * entity created again gathers the new observations. The MCP tools behave like the official
 * memory server instead (tool-graph-repository.ts).
 */

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

/** Every transaction is bounded by `queryTimeoutMs` on the server (cypher.ts). */
export function createGraphRepository(driver: Driver, options: SessionOptions) {
  const { withSession, changing } = createSessions(driver, options);

  return {
    /** Creates the entities that do not exist and adds new observations to those that do. One transaction. */
    createEntities: (namespace: string, entities: Entity[]) =>
      changing(namespace, async (tx) => {
        const result = await tx.run(
          `UNWIND $entities AS input
           ${ADOPT_DANGLING}
           MERGE (e:Entity {namespace: $namespace, name: input.name})
             ON CREATE SET e.type = input.entityType, e.observations = [], e.createdAt = datetime()
           REMOVE e.adopted
           WITH e, [o IN input.observations WHERE NOT o IN e.observations] AS added
           SET e.observations = e.observations + added
           ${whenChanged('e.embedVersion IS NULL OR size(added) > 0')}
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
      changing(namespace, async (tx) => {
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
           ${whenChanged('size(added) > 0')}
           RETURN e.name AS entityName, added AS addedObservations`,
          { namespace, additions },
        );
        return result.records.map((record) => record.toObject() as { entityName: string; addedObservations: string[] });
      }),

    deleteObservations: (namespace: string, deletions: { entityName: string; observations: string[] }[]) =>
      changing(namespace, async (tx) => {
        await tx.run(
          `UNWIND $deletions AS input
           MATCH (e:Entity {namespace: $namespace, name: input.entityName}) ${byName('e')}
           WITH e, [o IN e.observations WHERE NOT o IN input.observations] AS kept
           ${whenChanged('size(kept) < size(e.observations)')}
           SET e.observations = kept`,
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
        const entities = await tx.run(ALL_ENTITIES, {
          namespace,
        });
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
        const result = await tx.run(ENTITIES_CONTAINING, { namespace, query });
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
           MATCH p = ANY SHORTEST (a) (()-[:RELATION]-(:Entity)){0,15} (b)
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
