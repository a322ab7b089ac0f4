import type { Entity, Relation } from '@repo/contracts';
import { Factory } from 'fishery';
import { faker } from './faker.js';

const ENTITY_TYPES = ['person', 'project', 'company', 'place', 'topic'];
const RELATION_TYPES = ['works_on', 'knows', 'located_in', 'depends_on', 'mentions'];

/** An entity with a unique name (the sequence keeps names distinct within a run). */
export const entityFactory = Factory.define<Entity>(({ sequence }) => ({
  name: `${faker.person.firstName()}-${sequence}`,
  entityType: faker.helpers.arrayElement(ENTITY_TYPES),
  observations: Array.from({ length: faker.number.int({ min: 0, max: 3 }) }, () =>
    faker.lorem.sentence({ min: 3, max: 8 }),
  ),
}));

/**
 * A realistic random graph: `entities` nodes, `relations` directed edges between distinct
 * nodes (no duplicate edge of one type), some of them forming cycles, as real graphs do.
 */
export function randomGraph(entities: number, relations: number): { entities: Entity[]; relations: Relation[] } {
  const nodes = entityFactory.buildList(entities);
  const seen = new Set<string>();
  const edges: Relation[] = [];
  while (edges.length < relations) {
    const from = faker.helpers.arrayElement(nodes).name;
    const to = faker.helpers.arrayElement(nodes).name;
    const relationType = faker.helpers.arrayElement(RELATION_TYPES);
    const key = `${from}\u0000${to}\u0000${relationType}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    edges.push({ from, to, relationType });
  }
  return { entities: nodes, relations: edges };
}
