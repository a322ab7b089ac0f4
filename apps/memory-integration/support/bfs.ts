import type { Relation } from '@repo/contracts';

/**
 * The oracle for traversal tests: breadth-first search over the generated graph in plain
 * TypeScript, ignoring direction as the service does. Distances from `start` up to `depth`.
 */
export function distancesFrom(
  relations: Relation[],
  start: string,
  depth = Number.POSITIVE_INFINITY,
): Map<string, number> {
  const adjacent = new Map<string, Set<string>>();
  for (const { from, to } of relations) {
    if (!adjacent.has(from)) adjacent.set(from, new Set());
    if (!adjacent.has(to)) adjacent.set(to, new Set());
    adjacent.get(from)!.add(to);
    adjacent.get(to)!.add(from);
  }
  const distance = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const neighbour of adjacent.get(node) ?? []) {
        if (!distance.has(neighbour)) {
          distance.set(neighbour, level);
          next.push(neighbour);
        }
      }
    }
    frontier = next;
  }
  distance.delete(start);
  return distance;
}

/** Whether two names are joined by a relation, in either direction. */
export function connected(relations: Relation[], a: string, b: string): boolean {
  return relations.some(
    (relation) => (relation.from === a && relation.to === b) || (relation.from === b && relation.to === a),
  );
}
