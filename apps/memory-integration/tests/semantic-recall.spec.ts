import { serverError, stall, startFakeEmbeddings, wrongDimension, zeroVectors } from '@realdeps/fakes';
import { neo4jDriver } from '@realdeps/isolation';
import { waitFor } from '@realdeps/provisioning';
import { buildApp, parseConfig } from '@repo/memory';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { connectMcp } from '../support/mcp-client.js';
import { memoryUnderTest } from '../support/memory-under-test.js';

/*
 * Recall by meaning against real Neo4j, with vectors from a fake embeddings API over real HTTP
 * (its lexicon: "database", "postgres", "sql", "table" share one axis, "banana", "apple", "mango"
 * another). The service embeds in the background; tests wait on /embeddings/status, never a sleep.
 */

const embeddings = await startFakeEmbeddings({ dimensions: 64 });
const memory = await memoryUnderTest({
  config: {
    embeddings: {
      url: embeddings.url,
      dimensions: 64,
      pollMs: 20,
      retryBaseMs: 20,
      retryMaxMs: 200,
      queryTimeoutMs: 300,
      jobTimeoutMs: 1000,
    },
  },
});
afterEach(() => embeddings.reset());
afterAll(() => embeddings.stop());

type Headers = Record<string, string>;
const entity = (name: string, entityType: string, ...observations: string[]) => ({ name, entityType, observations });

async function create(headers: Headers, ...entities: ReturnType<typeof entity>[]) {
  const created = await memory.http.post('/entities').set(headers).send({ entities });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
}

/** Waits until no entity of the namespace waits for a vector. */
async function embedded(headers: Headers = memory.tenant) {
  return waitFor('every entity to be embedded', 10_000, async () => {
    const status = await memory.http.get('/embeddings/status').set(headers);
    return status.body.pending === 0 ? status.body : undefined;
  });
}

async function search(body: Record<string, unknown>, headers: Headers = memory.tenant) {
  const response = await memory.http.post('/search/semantic').set(headers).send(body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as {
    entities: { name: string; score: number; similarity: number | null; keywordScore: number | null }[];
    mode: string;
    degraded: boolean;
    reason?: string;
  };
}
const names = (result: { entities: { name: string }[] }) => result.entities.map((hit) => hit.name);

async function deleteAll(headers: Headers, ...entityNames: string[]) {
  await memory.http.post('/entities/delete').set(headers).send({ entityNames });
}

describe('semantic search', () => {
  it('ranks by meaning where keywords disagree, keyword search finds the other, hybrid finds both in order', async () => {
    await create(
      memory.tenant,
      entity('Postgres', 'technology', 'stores rows in tables', 'answers sql queries'),
      entity('Grocery list', 'note', 'mentions database once, but lists bananas, apples, mangoes, pears and cherries'),
      entity('Fruit bowl', 'thing', 'holds bananas and apples'),
    );
    await embedded();

    const semantic = await search({ query: 'database' });
    const keyword = await memory.http.get('/search').query({ q: 'database' }).set(memory.tenant);
    const hybrid = await search({ query: 'database', hybrid: true });
    const fruit = await search({ query: 'banana mango' });

    expect(semantic).toMatchObject({ mode: 'semantic', degraded: false });
    expect(names(semantic)).toEqual(['Postgres']);
    expect(semantic.entities[0]!.similarity).toBeGreaterThan(0.9);
    expect(keyword.body.entities.map((hit: { name: string }) => hit.name)).toEqual(['Grocery list']);
    expect(names(hybrid)).toEqual(['Postgres', 'Grocery list']);
    expect(hybrid.entities[1]).toMatchObject({ keywordScore: 1 });
    expect(names(fruit).slice(0, 2).sort()).toEqual(['Fruit bowl', 'Grocery list']);
    await deleteAll(memory.tenant, 'Postgres', 'Grocery list', 'Fruit bowl');
  });

  it('cuts off below min_similarity, at the limit, and outside the entity types asked for', async () => {
    await create(
      memory.tenant,
      entity('Redis', 'technology', 'a cache with key expiry'),
      entity('Memcached', 'technology', 'a cache'),
      entity('Cache notes', 'note', 'cache cache cache cache cache'),
      entity('Ship', 'vehicle', 'sails the sea'),
    );
    await embedded();

    const all = await search({ query: 'cache', minSimilarity: -1 });
    const near = await search({ query: 'cache', minSimilarity: 0.5 });
    const top = await search({ query: 'cache', limit: 1 });
    const technology = await search({ query: 'cache', entityTypes: ['technology'] });

    expect(names(all)).toHaveLength(4);
    expect(names(all).at(-1)).toBe('Ship');
    expect(all.entities.every((hit, i, hits) => i === 0 || hits[i - 1]!.score >= hit.score)).toBe(true);
    expect(names(near)).not.toContain('Ship');
    expect(near.entities.every((hit) => hit.similarity! >= 0.5)).toBe(true);
    expect(names(top)).toEqual(['Cache notes']);
    expect(names(technology).sort()).toEqual(['Memcached', 'Redis']);
    await deleteAll(memory.tenant, 'Redis', 'Memcached', 'Cache notes', 'Ship');
  });

  it('gives one namespace its complete top k while another holds ten times more near vectors', async () => {
    const busy = await memory.otherNamespace();
    const crowd = Array.from({ length: 30 }, (_, i) => entity(`Crowd ${i}`, 'technology', 'postgres sql tables'));
    await create(busy.headers, ...crowd);
    await create(
      memory.tenant,
      entity('Mine 1', 'technology', 'a postgres table'),
      entity('Mine 2', 'technology', 'sql rows'),
      entity('Mine 3', 'technology', 'a database index'),
    );
    await Promise.all([embedded(busy.headers), embedded()]);

    const mine = await search({ query: 'postgres database', limit: 3 });
    const theirs = await search({ query: 'postgres database', limit: 100 }, busy.headers);

    expect(names(mine).sort()).toEqual(['Mine 1', 'Mine 2', 'Mine 3']);
    expect(names(theirs)).toHaveLength(30);
    expect(names(theirs).every((name) => name.startsWith('Crowd'))).toBe(true);
    await deleteAll(memory.tenant, 'Mine 1', 'Mine 2', 'Mine 3');
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const cases = [
      [{}, 'query'],
      [{ query: '' }, 'query'],
      [{ query: 'x', limit: 0 }, 'limit'],
      [{ query: 'x', minSimilarity: 2 }, 'minSimilarity'],
      [{ query: 'x', semanticWeight: -0.1 }, 'semanticWeight'],
      [{ query: 'x', entityTypes: [] }, 'entityTypes'],
      [{ query: 'x', hybrid: 'yes' }, 'hybrid'],
      [{ query: 'x', extra: 1 }, 'extra'],
    ] as const;
    for (const [body, field] of cases) {
      const refused = await memory.http.post('/search/semantic').set(memory.tenant).send(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(refused.body), JSON.stringify(body)).toContain(field);
    }
  });
});

describe('the embedding lifecycle', () => {
  it('embeds a new entity, embeds it again when its observations change, and leaves no vector when it is deleted', async () => {
    await create(memory.tenant, entity('Lamp', 'object', 'a lighthouse lamp by the sea'));
    await embedded();
    const before = await search({ query: 'ocean' });

    await memory.http
      .post('/observations/delete')
      .set(memory.tenant)
      .send({ deletions: [{ entityName: 'Lamp', observations: ['a lighthouse lamp by the sea'] }] });
    await memory.http
      .post('/observations')
      .set(memory.tenant)
      .send({ observations: [{ entityName: 'Lamp', contents: ['plays piano music'] }] });
    await embedded();
    const oldMeaning = await search({ query: 'ocean' });
    const newMeaning = await search({ query: 'a song' });
    await deleteAll(memory.tenant, 'Lamp');
    const gone = await search({ query: 'a song', minSimilarity: -1 });
    const vectors = await memory.cypher(
      'MATCH (e:Entity {namespace: $namespace}) WHERE e.embedding IS NOT NULL RETURN count(e) AS n',
    );

    expect(names(before)).toEqual(['Lamp']);
    expect(names(oldMeaning)).toEqual([]);
    expect(names(newMeaning)).toEqual(['Lamp']);
    expect(names(gone)).toEqual([]);
    expect(vectors).toEqual([{ n: 0 }]);
    const lampRequests = embeddings.requests.filter((request) => request.input.some((text) => text.startsWith('Lamp')));
    expect(lampRequests.length).toBeGreaterThanOrEqual(2);
  });

  it('never matches a changed entity by its old meaning while its new vector is missing', async () => {
    await create(memory.tenant, entity('Beacon', 'object', 'a light by the sea'));
    await embedded();
    const found = await search({ query: 'ocean' });
    embeddings.when((input) => input.some((text) => text.startsWith('Beacon')), serverError());

    await memory.http
      .post('/observations/delete')
      .set(memory.tenant)
      .send({ deletions: [{ entityName: 'Beacon', observations: ['a light by the sea'] }] });
    await waitFor('the new vector to fail', 10_000, async () => {
      const status = await memory.http.get('/embeddings/status').set(memory.tenant);
      return status.body.failing > 0 ? status.body : undefined;
    });
    const stale = await search({ query: 'ocean' });
    const staleHybrid = await search({ query: 'ocean', hybrid: true });
    const vectors = await memory.cypher(
      'MATCH (e:Entity {namespace: $namespace, name: "Beacon"}) RETURN e.embedding IS NOT NULL AS kept',
    );

    expect(names(found)).toEqual(['Beacon']);
    expect(vectors).toEqual([{ kept: true }]);
    expect(stale).toMatchObject({ mode: 'semantic', entities: [] });
    expect(names(staleHybrid)).toEqual([]);
    await deleteAll(memory.tenant, 'Beacon');
  });

  it('does not embed again when a write changes nothing', async () => {
    await create(memory.tenant, entity('Anchor', 'object', 'heavy'));
    await embedded();
    const calls = () =>
      embeddings.requests.filter((request) => request.input.some((text) => text.startsWith('Anchor')));
    const callsBefore = calls().length;

    await create(memory.tenant, entity('Anchor', 'object', 'heavy'));
    await memory.http
      .post('/observations/delete')
      .set(memory.tenant)
      .send({ deletions: [{ entityName: 'Anchor', observations: ['not there'] }] });
    const status = await embedded();
    const stored = await memory.cypher(
      'MATCH (e:Entity {namespace: $namespace, name: "Anchor"}) RETURN e.embedVersion AS version',
    );

    expect(status).toMatchObject({ pending: 0, failing: 0 });
    expect(stored).toEqual([{ version: 1 }]);
    expect(calls().length).toBe(callsBefore);
    await deleteAll(memory.tenant, 'Anchor');
  });
});

describe('when the embeddings API misbehaves', () => {
  it.each([
    ['down', serverError(), 'the embeddings API answered 500'],
    ['slow', stall(5_000), 'the embeddings API did not answer within 300 ms'],
    [
      'giving vectors of the wrong length',
      wrongDimension(20),
      "the query's vector has 20 dimensions, not the 64 configured",
    ],
  ])(
    'a search answers by keyword, degraded, when the API is %s, and by meaning once it is back',
    async (_, fault, reason) => {
      await create(memory.tenant, entity('Harbour', 'place', 'boats and ships'));
      await embedded();
      embeddings.always(fault);

      const degraded = await search({ query: 'ships' });
      embeddings.reset();
      const recovered = await search({ query: 'ships' });

      expect(degraded).toMatchObject({ mode: 'keyword', degraded: true, reason });
      expect(degraded.entities).toEqual([
        expect.objectContaining({ name: 'Harbour', keywordScore: 1, similarity: null }),
      ]);
      expect(recovered).toMatchObject({ mode: 'semantic', degraded: false });
      expect(names(recovered)).toEqual(['Harbour']);
      await deleteAll(memory.tenant, 'Harbour');
    },
  );

  it.each([
    ['vectors of the wrong length', wrongDimension(20), 'the vector has 20 dimensions, not the 64 configured'],
    ['vectors of zeros', zeroVectors(), 'the vector is all zeros (no direction to compare)'],
    ['errors', serverError(), 'the embeddings API answered 500'],
  ])(
    'the job stores no vector from %s, reports the failure, and embeds once the API is back',
    async (_, fault, error) => {
      embeddings.always(fault);
      await create(memory.tenant, entity('Buoy', 'object', 'floats at sea'));

      const failing = await waitFor('the failure to show', 10_000, async () => {
        const status = await memory.http.get('/embeddings/status').set(memory.tenant);
        return status.body.failing > 0 ? status.body : undefined;
      });
      const stored = await memory.cypher(
        'MATCH (e:Entity {namespace: $namespace, name: "Buoy"}) RETURN e.embedding IS NULL AS none',
      );
      const meanwhile = await search({ query: 'sea' });
      embeddings.reset();
      const status = await embedded();
      const recovered = await search({ query: 'sea' });

      expect(failing).toEqual({ configured: true, pending: 1, failing: 1, lastError: error });
      expect(stored).toEqual([{ none: true }]);
      expect(meanwhile.degraded).toBe(true);
      expect(status).toEqual({ configured: true, pending: 0, failing: 0, lastError: null });
      expect(names(recovered)).toEqual(['Buoy']);
      await deleteAll(memory.tenant, 'Buoy');
    },
  );

  it('waits out a 429 for at least its Retry-After before the next try', async () => {
    embeddings.always({ kind: 'rate-limited', retryAfterSeconds: 1 });
    await create(memory.tenant, entity('Gull', 'animal', 'a sea bird'));
    await waitFor('the rate limit to show', 10_000, async () => {
      const status = await memory.http.get('/embeddings/status').set(memory.tenant);
      return status.body.failing > 0 ? status.body : undefined;
    });
    const ofGull = () => embeddings.requests.filter((request) => request.input.some((text) => text.startsWith('Gull')));
    const limitedAt = ofGull()[0]!.at;
    embeddings.reset();
    await embedded();

    const attempts = await memory.cypher(
      'MATCH (e:Entity {namespace: $namespace, name: "Gull"}) RETURN e.embedAttempts AS attempts',
    );

    // The try after the 429 came no sooner than its Retry-After asked.
    expect(ofGull()[0]!.at - limitedAt).toBeGreaterThanOrEqual(1000);
    expect(attempts).toEqual([{ attempts: 0 }]);
    await deleteAll(memory.tenant, 'Gull');
  });
});

describe('semantic_search over MCP', () => {
  it("answers with the same results as REST, Memento's argument names, and a tool error for bad arguments", async () => {
    await memory.app.listen({ host: '127.0.0.1', port: 0 });
    await create(memory.tenant, entity('Piano', 'instrument', 'plays music'));
    await embedded();
    const client = await connectMcp(memory.app, memory.tenant);
    try {
      const found = await client.callTool({
        name: 'semantic_search',
        arguments: { query: 'a song', limit: 5, min_similarity: 0.5, hybrid_search: true, semantic_weight: 0.9 },
      });
      const rest = await search({ query: 'a song', limit: 5, minSimilarity: 0.5, hybrid: true, semanticWeight: 0.9 });
      const refused = await client.callTool({ name: 'semantic_search', arguments: { query: '', limit: 0 } });

      expect(found.isError).toBeFalsy();
      expect(found.structuredContent).toEqual(rest);
      expect(refused.isError).toBe(true);
    } finally {
      await client.close();
      await deleteAll(memory.tenant, 'Piano');
    }
  });
});

describe('the vector index at startup', () => {
  it('refuses to start when the index was made for another length, naming both ways out', async () => {
    const driver = await neo4jDriver(inject('servers').neo4j!);
    try {
      const config = parseConfig({ ...memory.config, embeddings: { ...memory.config.embeddings!, dimensions: 32 } });

      await expect(buildApp(config, { neo4j: driver })).rejects.toThrow(
        'The vector index entity_embedding holds vectors of 64 dimensions, and the embeddings are configured for 32: ' +
          'set EMBEDDINGS_DIMENSIONS=64, or DROP INDEX entity_embedding to embed everything again at 32.',
      );
    } finally {
      await driver.close();
    }
  });
});
