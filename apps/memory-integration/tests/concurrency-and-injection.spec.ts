import { entityFactory } from '@repo/factories';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryUnderTest } from '../support/memory-under-test.js';

const memory = await memoryUnderTest();

describe('concurrent merges', () => {
  it('leave exactly one node when 20 requests create the same entity at once', async () => {
    const entity = entityFactory.build();

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        memory.http
          .post('/entities')
          .set(memory.tenant)
          .send({ entities: [{ ...entity, observations: [`seen by ${i % 4}`] }] }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const [node] = await memory.cypher<{ nodes: number; observations: string[] }>(
      'MATCH (e:Entity {namespace: $namespace, name: $name}) RETURN count(e) AS nodes, collect(e.observations)[0] AS observations',
      { name: entity.name },
    );
    expect(node?.nodes).toBe(1);
    expect([...(node?.observations ?? [])].sort()).toEqual(['seen by 0', 'seen by 1', 'seen by 2', 'seen by 3']);
  });
});

const INJECTIONS = [
  "x' }) MATCH (n) DETACH DELETE n //",
  '"}) RETURN 1 UNION MATCH (n) RETURN n //',
  '`Entity` ; CALL db.labels()',
  "' OR 1=1 --",
];

describe('Cypher-injection strings', () => {
  const sentinel = entityFactory.build();
  beforeAll(async () => {
    expect(
      (
        await memory.http
          .post('/entities')
          .set(memory.tenant)
          .send({ entities: [sentinel] })
      ).status,
    ).toBe(200);
  });

  it.each(INJECTIONS)('are inert as names, types, observations and search terms: %s', async (text) => {
    const tenant = await memory.otherTenant();
    const bystander = entityFactory.build();
    await memory.http
      .post('/entities')
      .set(tenant)
      .send({ entities: [bystander] });

    const created = await memory.http
      .post('/entities')
      .set(tenant)
      .send({ entities: [{ name: text, entityType: text, observations: [text] }] });
    const relation = await memory.http
      .post('/relations')
      .set(tenant)
      .send({ relations: [{ from: text, to: bystander.name, relationType: text }] });
    const search = await memory.http.get('/search').set(tenant).query({ q: text });

    expect(created.body.entities).toEqual([{ name: text, entityType: text, observations: [text] }]);
    expect(relation.status).toBe(200);
    expect(search.body.entities.map((entity: { name: string }) => entity.name)).toEqual([text]);
    const graph = await memory.http.get('/graph').set(tenant);
    expect(graph.body.entities).toHaveLength(2);
    expect(graph.body.relations).toEqual([{ from: text, to: bystander.name, relationType: text }]);
    // Nothing outside the tenant was touched either: the sentinel in another namespace survives.
    expect(
      await memory.cypher('MATCH (e:Entity {namespace: $namespace, name: $name}) RETURN e.name AS name', {
        name: sentinel.name,
      }),
    ).toEqual([{ name: sentinel.name }]);
  });
});
