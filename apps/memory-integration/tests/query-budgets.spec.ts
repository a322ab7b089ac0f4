import { describe, expect, it } from 'vitest';
import { memoryUnderTest } from '../support/memory-under-test.js';

// Budgets on work, not time: the db hits Neo4j counts for a request's queries (PROFILE), which
// are the same on any machine. A traversal or lookup must cost what it reaches, not what else
// is in the graph: other tenants' entities, or entities of this namespace it never touches.
const memory = await memoryUnderTest();

type Headers = Record<string, string>;

async function seed(headers: Headers, entities: string[], relations: [string, string][] = []) {
  const created = await memory.http
    .post('/entities')
    .set(headers)
    .send({ entities: entities.map((name) => ({ name, entityType: 'thing', observations: [`about ${name}`] })) });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  if (relations.length === 0) return;
  const related = await memory.http
    .post('/relations')
    .set(headers)
    .send({ relations: relations.map(([from, to]) => ({ from, to, relationType: 'knows' })) });
  expect(related.status, JSON.stringify(related.body)).toBe(200);
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

/** The db hits of one GET, all its queries together, with the plans for a failure message. */
async function dbHitsOf(path: string, query: Record<string, unknown>) {
  const { value: response, queries } = await memory.profile.during(async () =>
    memory.http.get(path).set(memory.tenant).query(query),
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(queries, 'the request ran no query through the profiled driver').not.toEqual([]);
  return {
    dbHits: queries.reduce((sum, each) => sum + each.dbHits, 0),
    plans: queries.map((each) => `${each.query}\n${each.plan}`).join('\n\n'),
  };
}

/** Statistics may move a plan a little; a cost that grows with the graph moves it by multiples. */
const expectAboutTheSame = (after: Awaited<ReturnType<typeof dbHitsOf>>, before: number) =>
  expect(after.dbHits, after.plans).toBeLessThanOrEqual(Math.ceil(before * 1.2));

// One small neighbourhood, then a lot of graph that none of these requests should touch.
const hub = 'hub';
const requests = {
  neighbours: ['/entities/hub/neighbours', { depth: 2 }],
  openNodes: ['/entities', { names: ['hub', 'a', 'b'] }],
  searchNodes: ['/search', { q: 'hub' }],
} as const;

describe('db hits per request (PROFILE)', () => {
  it('neighbours, open_nodes and search cost the same when other tenants hold 400 more entities', async () => {
    await seed(
      memory.tenant,
      [hub, 'a', 'b', 'c', 'a2'],
      [
        [hub, 'a'],
        [hub, 'b'],
        ['c', hub],
        ['a', 'a2'],
      ],
    );
    const before = new Map<string, number>();
    for (const [name, [path, query]] of Object.entries(requests))
      before.set(name, (await dbHitsOf(path, query)).dbHits);

    const other = await memory.otherNamespace();
    const theirs = names('theirs', 400);
    await seed(
      other.headers,
      theirs,
      theirs.slice(1).map((name, i) => [theirs[i]!, name]),
    );

    for (const [name, [path, query]] of Object.entries(requests))
      expectAboutTheSame(await dbHitsOf(path, query), before.get(name)!);
  });

  it('neighbours and open_nodes cost the same when this namespace holds 200 entities they do not reach', async () => {
    const before = await dbHitsOf(...requests.neighbours);
    const opened = await dbHitsOf(...requests.openNodes);

    await seed(memory.tenant, names('unrelated', 200));

    expectAboutTheSame(await dbHitsOf(...requests.neighbours), before.dbHits);
    expectAboutTheSame(await dbHitsOf(...requests.openNodes), opened.dbHits);
  });

  it('a traversal grows by a few db hits per relation it follows (here at most 10), not per entity in the namespace', async () => {
    const before = await dbHitsOf(...requests.neighbours);
    const leaves = names('leaf', 40);

    await seed(
      memory.tenant,
      leaves,
      leaves.map((leaf) => [hub, leaf]),
    );

    const after = await dbHitsOf(...requests.neighbours);
    expect(after.dbHits - before.dbHits, after.plans).toBeLessThanOrEqual(10 * leaves.length);
  });
});
