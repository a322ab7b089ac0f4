import { createNeo4jNamespace, neo4jDriver } from '@realdeps/isolation';
import type { Driver } from 'neo4j-driver';
import type pg from 'pg';
import { afterAll, inject } from 'vitest';

/** A Neo4j namespace of this file's own and a driver to read it, both gone after the file. */
export async function graphOfThisFile() {
  const driver = await neo4jDriver(inject('servers').neo4j!);
  const graph = createNeo4jNamespace(driver);
  afterAll(async () => {
    await graph.cleanup();
    await driver.close();
  });
  return { driver, namespace: graph.namespace };
}

interface Entity {
  name: string;
  entityType: string;
  observations: string[];
}
interface Relation {
  from: string;
  to: string;
  relationType: string;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
const relationKey = (relation: Relation) => `${relation.from} ${relation.relationType} ${relation.to}`;
const byKey = (a: Relation, b: Relation) => relationKey(a).localeCompare(relationKey(b));

/** What one namespace of the graph holds, read straight from Neo4j: every node and relation, duplicates included. */
export async function graphIn(
  driver: Driver,
  namespace: string,
): Promise<{ entities: Entity[]; relations: Relation[] }> {
  const entities = await driver.executeQuery(
    'MATCH (e:Entity {namespace: $namespace}) RETURN e.name AS name, e.type AS entityType, e.observations AS observations',
    { namespace },
  );
  const relations = await driver.executeQuery(
    'MATCH (a:Entity {namespace: $namespace})-[r:RELATION]->(b:Entity) RETURN a.name AS from, b.name AS to, r.type AS relationType',
    { namespace },
  );
  return {
    entities: entities.records.map((record) => record.toObject() as Entity).sort(byName),
    relations: relations.records.map((record) => record.toObject() as Relation).sort(byKey),
  };
}

/**
 * The graph all notes of a database must produce, computed from PostgreSQL, written out
 * here rather than borrowed from the api's mapping: a note entity per note (its title the one
 * observation), a tag entity per (owner, tag) in use, and a `tagged` relation per note tag.
 */
export async function expectedGraph(pool: pg.Pool): Promise<{ entities: Entity[]; relations: Relation[] }> {
  const { rows } = await pool.query<{ id: string; owner_id: string; title: string; tags: string[] }>(
    'SELECT id, owner_id, title, tags FROM notes',
  );
  const tags = new Map<string, Entity>();
  const entities: Entity[] = [];
  const relations: Relation[] = [];
  for (const note of rows) {
    entities.push({ name: `note:${note.id}`, entityType: 'note', observations: [note.title] });
    for (const tag of note.tags) {
      const name = `tag:${note.owner_id}:${tag}`;
      tags.set(name, { name, entityType: 'tag', observations: [tag] });
      relations.push({ from: `note:${note.id}`, to: name, relationType: 'tagged' });
    }
  }
  return { entities: [...entities, ...tags.values()].sort(byName), relations: relations.sort(byKey) };
}

/** Outbox rows of a database that have not reached memory yet. */
export async function pendingOutbox(pool: pg.Pool) {
  const { rows } = await pool.query<{ id: string; attempts: number; last_error: string | null }>(
    'SELECT id, attempts, last_error FROM outbox WHERE delivered_at IS NULL ORDER BY id',
  );
  return rows;
}
