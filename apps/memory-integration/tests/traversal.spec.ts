import { problemOf } from '@realdeps/http-testing';
import { faker, randomGraph } from '@repo/factories';
import { beforeAll, describe, expect, it } from 'vitest';
import { connected, distancesFrom } from '../support/bfs.js';
import { memoryUnderTest } from '../support/memory-under-test.js';

// This file checks traversal answers, not deadlines (neo4j-outage checks the 503 of a Neo4j out of
// reach): its bulk seeding once got a 503 within the default 3 s / 10 s budgets on two loaded cores.
const memory = await memoryUnderTest({ config: { neo4jTimeoutMs: 15_000, neo4jQueryTimeoutMs: 30_000 } });
// A few thousand nodes and relations, with cycles: the traversal answers are checked
// against breadth-first search over the same generated data.
const graph = randomGraph(2000, 3000);
const starts = faker.helpers.arrayElements(graph.entities, 12).map((entity) => entity.name);

beforeAll(async () => {
  for (let i = 0; i < graph.entities.length; i += 500) {
    const response = await memory.http
      .post('/entities')
      .set(memory.tenant)
      .send({ entities: graph.entities.slice(i, i + 500) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }
  for (let i = 0; i < graph.relations.length; i += 500) {
    const response = await memory.http
      .post('/relations')
      .set(memory.tenant)
      .send({ relations: graph.relations.slice(i, i + 500) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }
}, 120_000);

describe('GET /entities/:name/neighbours', () => {
  it.each([1, 2, 3])('returns exactly the entities within depth %i, each once, with its distance', async (depth) => {
    for (const start of starts) {
      const response = await memory.http
        .get(`/entities/${encodeURIComponent(start)}/neighbours`)
        .set(memory.tenant)
        .query({ depth, limit: 1000 });

      const expected = distancesFrom(graph.relations, start, depth);
      const got = new Map<string, number>(
        response.body.neighbours.map((entity: { name: string; distance: number }) => [entity.name, entity.distance]),
      );
      expect(response.body.neighbours).toHaveLength(got.size);
      expect(Object.fromEntries(got), `neighbours of ${start} at depth ${depth}`).toEqual(Object.fromEntries(expected));
    }
  });

  it('returns at most `limit` (100 unless asked), nearest first, then by name', async () => {
    // The entity with the largest depth-3 neighbourhood, so that both caps cut something.
    const sizes = graph.entities.map(
      (entity) => [entity.name, distancesFrom(graph.relations, entity.name, 3).size] as const,
    );
    const [start] = sizes.reduce((best, each) => (each[1] > best[1] ? each : best));
    const all = await memory.http
      .get(`/entities/${encodeURIComponent(start)}/neighbours`)
      .set(memory.tenant)
      .query({ depth: 3, limit: 1000 });
    const capped = await memory.http
      .get(`/entities/${encodeURIComponent(start)}/neighbours`)
      .set(memory.tenant)
      .query({ depth: 3, limit: 5 });
    const byDefault = await memory.http
      .get(`/entities/${encodeURIComponent(start)}/neighbours`)
      .set(memory.tenant)
      .query({ depth: 3 });

    expect(all.body.neighbours.length).toBeGreaterThan(100);
    expect(capped.body.neighbours).toEqual(all.body.neighbours.slice(0, 5));
    expect(byDefault.body.neighbours).toEqual(all.body.neighbours.slice(0, 100));
  });

  it('answers 404 for an entity that does not exist', async () => {
    const response = await memory.http.get('/entities/nobody/neighbours').set(memory.tenant);

    expect(problemOf(response)).toMatchObject({ status: 404 });
  });

  it('refuses a depth over 3 with 400 naming it', async () => {
    const response = await memory.http
      .get(`/entities/${encodeURIComponent(starts[0]!)}/neighbours`)
      .set(memory.tenant)
      .query({ depth: 4 });

    expect(problemOf(response)).toMatchObject({ status: 400, detail: 'querystring.depth must be <= 3' });
  });
});

describe('GET /paths/shortest', () => {
  it('returns a valid path as short as breadth-first search finds, or 404 when none exists', async () => {
    for (const [from, to] of starts.slice(0, 6).map((start, index) => [start, starts[index + 6]!] as const)) {
      const response = await memory.http.get('/paths/shortest').set(memory.tenant).query({ from, to });

      const distance = distancesFrom(graph.relations, from).get(to);
      if (distance === undefined) {
        expect(problemOf(response)).toMatchObject({ status: 404 });
        continue;
      }
      const names: string[] = response.body.entities;
      expect(names[0]).toBe(from);
      expect(names.at(-1)).toBe(to);
      expect(names).toHaveLength(distance + 1);
      expect(new Set(names).size).toBe(names.length);
      names.slice(1).forEach((name, index) => expect(connected(graph.relations, names[index]!, name)).toBe(true));
    }
  });
});
