import type { Entity, Graph, Relation } from '@repo/contracts';
import { notFound } from '@repo/service-kit';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { randomUUID } from 'node:crypto';
import {
  ADOPT_DANGLING,
  ALL_ENTITIES,
  createSessions,
  ENTITIES_CONTAINING,
  ENTITIES_NAMED,
  ENTITY,
  whenChanged,
  type SessionOptions,
} from './cypher.js';

/**
 * The graph as the MCP tools offer it: what `@modelcontextprotocol/server-memory` (the official
 * memory server, 2026.8.31) does with its JSONL file, done in Neo4j per namespace, so an agent
 * configured for it gets the same answers here. Where it differs on purpose, the memory README says
 * why. In short, as the official server behaves:
 * - creating an entity that exists changes nothing, and only the new ones are returned;
 * - a relation needs no entities at its ends (it ends at a (:Dangling) node until one is created);
 * - adding observations to a missing entity fails the whole call, with the official message;
 * - reads return the relations with at least one end among the entities returned.
 */
/** `variable`: the entity named `name`, or else its dangling end (WITH keeps `input` and earlier ends). */
const END = (variable: string, name: string) =>
  `OPTIONAL MATCH (${variable}Entity:Entity {namespace: $namespace, name: ${name}})
   OPTIONAL MATCH (${variable}Dangling:Dangling {namespace: $namespace, name: ${name}})
   WITH *, coalesce(${variable}Entity, ${variable}Dangling) AS ${variable}
   WHERE ${variable} IS NOT NULL`;

export function createToolGraphRepository(driver: Driver, options: SessionOptions) {
  const { withSession, changing } = createSessions(driver, options);

  /** Relations of the namespace with an end named in `names` (every one when null), to entities or dangling ends. */
  async function relationsTouching(tx: ManagedTransaction, namespace: string, names: string[] | null) {
    const result = await tx.run(
      names === null
        ? `MATCH (a)-[r:RELATION {namespace: $namespace}]->(b) WHERE a.name IS NOT NULL AND b.name IS NOT NULL
           RETURN a.name AS from, b.name AS to, r.type AS relationType ORDER BY from, to, relationType`
        : `${ENTITIES_NAMED}
           MATCH (e)-[r:RELATION]-()
           WITH DISTINCT r WHERE startNode(r).name IS NOT NULL AND endNode(r).name IS NOT NULL
           RETURN startNode(r).name AS from, endNode(r).name AS to, r.type AS relationType ORDER BY from, to, relationType`,
      { namespace, names },
    );
    return result.records.map((record) => record.toObject() as Relation);
  }

  /** Dangling ends that no relation reaches any more. */
  const forgetUnusedDangling = (tx: ManagedTransaction, namespace: string) =>
    tx.run('MATCH (d:Dangling {namespace: $namespace}) WHERE d.name IS NOT NULL AND NOT (d)--() DELETE d', {
      namespace,
    });

  return {
    /** The entities whose names are new, in the order given (a name twice in one call: the first). */
    createEntities: (namespace: string, entities: Entity[]) =>
      changing(namespace, async (tx) => {
        const call = randomUUID();
        const firsts = entities.filter((entity, i) => entities.findIndex((each) => each.name === entity.name) === i);
        const result = await tx.run(
          `UNWIND $entities AS input
           ${ADOPT_DANGLING}
           MERGE (e:Entity {namespace: $namespace, name: input.name})
             ON CREATE SET e.type = input.entityType, e.createdAt = datetime(), e.createdBy = $call
           WITH e, input, e.createdBy = $call OR coalesce(e.adopted, false) AS isNew
           REMOVE e.createdBy, e.adopted
           WITH e, input, isNew WHERE isNew
           SET e.observations = input.observations
           ${whenChanged('true')}
           RETURN ${ENTITY}`,
          { namespace, entities: firsts, call },
        );
        return result.records.map((record) => record.get('e') as Entity);
      }),

    /** The relations that did not exist, in the order given; ends that are no entity dangle until one is created. */
    createRelations: (namespace: string, relations: Relation[]) =>
      withSession('WRITE', async (tx) => {
        const call = randomUUID();
        const key = (relation: Relation) => JSON.stringify([relation.from, relation.to, relation.relationType]);
        const distinct = relations.filter(
          (relation, i) => relations.findIndex((each) => key(each) === key(relation)) === i,
        );
        const result = await tx.run(
          `UNWIND $relations AS input
           CALL (input) {
             UNWIND [input.from, input.to] AS name
             OPTIONAL MATCH (e:Entity {namespace: $namespace, name: name})
             FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | MERGE (:Dangling {namespace: $namespace, name: name}))
           }
           ${END('a', 'input.from')}
           ${END('b', 'input.to')}
           MERGE (a)-[r:RELATION {type: input.relationType}]->(b)
             ON CREATE SET r.namespace = $namespace, r.createdAt = datetime(), r.createdBy = $call
           WITH input, r WHERE r.createdBy = $call
           REMOVE r.createdBy
           RETURN input.from AS from, input.to AS to, input.relationType AS relationType`,
          { namespace, relations: distinct, call },
        );
        return result.records.map((record) => record.toObject() as Relation);
      }),

    /**
     * One result per addition, in order, each seeing the additions before it (an entity named
     * twice gets the second's new observations only). A missing entity fails the call, nothing written.
     */
    addObservations: (namespace: string, additions: { entityName: string; contents: string[] }[]) =>
      changing(namespace, async (tx) => {
        const names = [...new Set(additions.map((addition) => addition.entityName))];
        // SET takes each entity's write lock before its observations are read.
        const current = await tx.run(
          `${ENTITIES_NAMED} SET e.observations = e.observations RETURN e.name AS name, e.observations AS observations`,
          { namespace, names },
        );
        const observations = new Map(
          current.records.map((record) => [
            record.get('name') as string,
            [...(record.get('observations') as string[])],
          ]),
        );
        const results = additions.map(({ entityName, contents }) => {
          const stored = observations.get(entityName);
          if (!stored) throw notFound(`Entity with name ${entityName} not found`);
          const added = contents.filter((content) => !stored.includes(content));
          stored.push(...added);
          return { entityName, addedObservations: added };
        });
        const changed = names.filter((name) =>
          results.some((r) => r.entityName === name && r.addedObservations.length > 0),
        );
        await tx.run(
          `UNWIND $updates AS input
           MATCH (e:Entity {namespace: $namespace, name: input.name})
           SET e.observations = input.observations
           ${whenChanged('true')}`,
          { namespace, updates: changed.map((name) => ({ name, observations: observations.get(name) })) },
        );
        return results;
      }),

    /** Deletes the entities and every relation touching their names, also relations to dangling ends. */
    deleteEntities: (namespace: string, names: string[]) =>
      withSession('WRITE', async (tx) => {
        await tx.run(
          `UNWIND $names AS name
           OPTIONAL MATCH (e:Entity {namespace: $namespace, name: name})
           OPTIONAL MATCH (d:Dangling {namespace: $namespace, name: name})
           DETACH DELETE e, d`,
          { namespace, names: [...new Set(names)] },
        );
        await forgetUnusedDangling(tx, namespace);
      }),

    /** Observations of missing entities are skipped, as the official server does. */
    deleteObservations: (namespace: string, deletions: { entityName: string; observations: string[] }[]) =>
      changing(namespace, async (tx) => {
        await tx.run(
          `UNWIND $deletions AS input
           MATCH (e:Entity {namespace: $namespace, name: input.entityName})
           WITH e, [o IN e.observations WHERE NOT o IN input.observations] AS kept
           ${whenChanged('size(kept) < size(e.observations)')}
           SET e.observations = kept`,
          { namespace, deletions },
        );
      }),

    deleteRelations: (namespace: string, relations: Relation[]) =>
      withSession('WRITE', async (tx) => {
        await tx.run(
          `UNWIND $relations AS input
           ${END('a', 'input.from')}
           MATCH (a)-[r:RELATION {type: input.relationType}]->(b {namespace: $namespace, name: input.to})
           DELETE r`,
          { namespace, relations },
        );
        await forgetUnusedDangling(tx, namespace);
      }),

    readGraph: (namespace: string): Promise<Graph> =>
      withSession('READ', async (tx) => {
        const entities = await tx.run(ALL_ENTITIES, { namespace });
        return {
          entities: entities.records.map((record) => record.get('e') as Entity),
          relations: await relationsTouching(tx, namespace, null),
        };
      }),

    /** Entities whose name, type or an observation contains `query` (case-insensitive), and relations touching them. */
    searchNodes: (namespace: string, query: string): Promise<Graph> =>
      withSession('READ', async (tx) => {
        const result = await tx.run(ENTITIES_CONTAINING, { namespace, query });
        const entities = result.records.map((record) => record.get('e') as Entity);
        return {
          entities,
          relations: await relationsTouching(
            tx,
            namespace,
            entities.map((entity) => entity.name),
          ),
        };
      }),

    /** The entities named (missing names are skipped), and relations touching them. */
    openNodes: (namespace: string, names: string[]): Promise<Graph> =>
      withSession('READ', async (tx) => {
        const result = await tx.run(`${ENTITIES_NAMED} RETURN ${ENTITY} ORDER BY e.name`, {
          namespace,
          names: [...new Set(names)],
        });
        const entities = result.records.map((record) => record.get('e') as Entity);
        return {
          entities,
          relations: await relationsTouching(
            tx,
            namespace,
            entities.map((entity) => entity.name),
          ),
        };
      }),
  };
}

export type ToolGraphRepository = ReturnType<typeof createToolGraphRepository>;
