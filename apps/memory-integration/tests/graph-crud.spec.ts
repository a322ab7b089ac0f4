import { problemOf } from '@realdeps/http-testing';
import { entityFactory } from '@repo/factories';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memoryUnderTest } from '../support/memory-under-test.js';

const memory = await memoryUnderTest();
const post = (path: string, body: object) => memory.http.post(path).set(memory.tenant).send(body);

describe('POST /entities', () => {
  it("creates the entities as nodes in the caller's namespace", async () => {
    const [ada, babbage] = entityFactory.buildList(2);

    const response = await post('/entities', { entities: [ada, babbage] });

    expect(response.status).toBe(200);
    expect(response.body.entities).toEqual([ada, babbage]);
    const nodes = await memory.cypher(
      'MATCH (e:Entity {namespace: $namespace}) WHERE e.name IN $names RETURN e.name AS name, e.type AS type, e.observations AS observations ORDER BY name',
      {
        names: [ada!.name, babbage!.name],
      },
    );
    expect(nodes).toEqual(
      [ada, babbage]
        .sort((a, b) => a!.name.localeCompare(b!.name))
        .map((entity) => ({ name: entity!.name, type: entity!.entityType, observations: entity!.observations })),
    );
  });

  it('merges: creating an entity again adds only new observations and never a second node', async () => {
    const entity = entityFactory.build({ observations: ['first'] });
    await post('/entities', { entities: [entity] });

    const again = await post('/entities', { entities: [{ ...entity, observations: ['first', 'second'] }] });

    expect(again.body.entities[0].observations).toEqual(['first', 'second']);
    expect(
      await memory.cypher('MATCH (e:Entity {namespace: $namespace, name: $name}) RETURN count(e) AS nodes', {
        name: entity.name,
      }),
    ).toEqual([{ nodes: 1 }]);
  });

  it('writes nothing when one entity of a batch is invalid (400 naming it)', async () => {
    const good = entityFactory.build();

    const response = await post('/entities', {
      entities: [good, { name: '', entityType: 'person', observations: [] }],
    });

    expect(problemOf(response)).toMatchObject({
      status: 400,
      detail: 'body.entities.1.name must NOT have fewer than 1 characters',
    });
    expect(
      await memory.cypher('MATCH (e:Entity {namespace: $namespace, name: $name}) RETURN e', { name: good.name }),
    ).toEqual([]);
  });

  it('takes the namespace from the service token: an x-namespace header does not choose one', async () => {
    // A name no other file uses: the check below looks in every namespace.
    const entity = entityFactory.build({ name: `token-namespace-${randomUUID()}` });
    const elsewhere = await memory.otherNamespace();

    const response = await memory.http
      .post('/entities')
      .set({ ...memory.tenant, 'x-namespace': elsewhere.namespace })
      .send({ entities: [entity] });

    expect(response.status).toBe(200);
    expect(
      await memory.cypher('MATCH (e:Entity {name: $name}) RETURN e.namespace AS namespace', { name: entity.name }),
    ).toEqual([{ namespace: memory.namespace }]);
  });
});

describe('POST /relations', () => {
  it('creates typed, directed relations between existing entities', async () => {
    const [a, b] = entityFactory.buildList(2);
    await post('/entities', { entities: [a, b] });

    const response = await post('/relations', { relations: [{ from: a!.name, to: b!.name, relationType: 'knows' }] });

    expect(response.status).toBe(200);
    expect(
      await memory.cypher(
        'MATCH (x:Entity {namespace: $namespace})-[r:RELATION]->(y) WHERE x.name = $from RETURN y.name AS to, r.type AS type, r.namespace AS ns',
        { from: a!.name },
      ),
    ).toEqual([{ to: b!.name, type: 'knows', ns: memory.namespace }]);
  });

  it('writes no relation of a batch when one endpoint does not exist (404 naming it)', async () => {
    const [a, b] = entityFactory.buildList(2);
    await post('/entities', { entities: [a, b] });

    const response = await post('/relations', {
      relations: [
        { from: a!.name, to: b!.name, relationType: 'knows' },
        { from: a!.name, to: 'ghost', relationType: 'knows' },
      ],
    });

    expect(problemOf(response)).toMatchObject({
      status: 404,
      detail: 'No entity named "ghost" in this namespace; nothing was written.',
    });
    expect(
      await memory.cypher('MATCH (x:Entity {namespace: $namespace, name: $name})-[r]-() RETURN r', { name: a!.name }),
    ).toEqual([]);
  });
});

describe('observations', () => {
  it('are added without duplicates and deleted by value', async () => {
    const entity = entityFactory.build({ observations: ['likes tea'] });
    await post('/entities', { entities: [entity] });

    const added = await post('/observations', {
      observations: [{ entityName: entity.name, contents: ['likes tea', 'plays chess'] }],
    });
    const deleted = await post('/observations/delete', {
      deletions: [{ entityName: entity.name, observations: ['likes tea'] }],
    });

    expect(added.body.results).toEqual([{ entityName: entity.name, addedObservations: ['plays chess'] }]);
    expect(deleted.status).toBe(204);
    expect(
      await memory.cypher(
        'MATCH (e:Entity {namespace: $namespace, name: $name}) RETURN e.observations AS observations',
        { name: entity.name },
      ),
    ).toEqual([{ observations: ['plays chess'] }]);
  });

  it('are refused for an unknown entity, and nothing is added to the known ones', async () => {
    const entity = entityFactory.build({ observations: [] });
    await post('/entities', { entities: [entity] });

    const response = await post('/observations', {
      observations: [
        { entityName: entity.name, contents: ['x'] },
        { entityName: 'nobody', contents: ['y'] },
      ],
    });

    expect(problemOf(response)).toMatchObject({ status: 404 });
    expect(
      await memory.cypher(
        'MATCH (e:Entity {namespace: $namespace, name: $name}) RETURN e.observations AS observations',
        { name: entity.name },
      ),
    ).toEqual([{ observations: [] }]);
  });
});

describe('deleting', () => {
  it('an entity removes it with all its relations', async () => {
    const [hub, spoke1, spoke2] = entityFactory.buildList(3);
    await post('/entities', { entities: [hub, spoke1, spoke2] });
    await post('/relations', {
      relations: [
        { from: hub!.name, to: spoke1!.name, relationType: 'r' },
        { from: spoke2!.name, to: hub!.name, relationType: 'r' },
      ],
    });

    const response = await post('/entities/delete', { entityNames: [hub!.name] });

    expect(response.body).toEqual({ deleted: 1 });
    expect(
      await memory.cypher(
        'MATCH (e:Entity {namespace: $namespace}) WHERE e.name IN $names OPTIONAL MATCH (e)-[r]-() RETURN e.name AS name, count(r) AS relations ORDER BY name',
        {
          names: [hub!.name, spoke1!.name, spoke2!.name],
        },
      ),
    ).toEqual(
      [
        { name: spoke1!.name, relations: 0 },
        { name: spoke2!.name, relations: 0 },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('a relation leaves both entities', async () => {
    const [a, b] = entityFactory.buildList(2);
    await post('/entities', { entities: [a, b] });
    const relation = { from: a!.name, to: b!.name, relationType: 'knows' };
    await post('/relations', { relations: [relation] });

    await post('/relations/delete', { relations: [relation] });

    expect(
      await memory.cypher(
        'MATCH (e:Entity {namespace: $namespace}) WHERE e.name IN $names OPTIONAL MATCH (e)-[r]-() RETURN count(DISTINCT e) AS entities, count(r) AS relations',
        {
          names: [a!.name, b!.name],
        },
      ),
    ).toEqual([{ entities: 2, relations: 0 }]);
  });
});

describe('reading', () => {
  it('searches names, types and observations case-insensitively, with the relations among the hits', async () => {
    const tenant = await memory.otherTenant();
    const send = (path: string, body: object) => memory.http.post(path).set(tenant).send(body);
    await send('/entities', {
      entities: [
        { name: 'Grace', entityType: 'person', observations: ['wrote the first COMPILER'] },
        { name: 'Compiler', entityType: 'topic', observations: [] },
        { name: 'Lovelace', entityType: 'person', observations: ['poetical science'] },
      ],
    });
    await send('/relations', { relations: [{ from: 'Grace', to: 'Compiler', relationType: 'built' }] });

    const response = await memory.http.get('/search').set(tenant).query({ q: 'compiler' });

    expect(response.body.entities.map((entity: { name: string }) => entity.name)).toEqual(['Compiler', 'Grace']);
    expect(response.body.relations).toEqual([{ from: 'Grace', to: 'Compiler', relationType: 'built' }]);
    const open = await memory.http
      .get('/entities')
      .set(tenant)
      .query({ names: ['Lovelace', 'Grace'] });
    expect(open.body.entities.map((entity: { name: string }) => entity.name)).toEqual(['Grace', 'Lovelace']);
    const whole = await memory.http.get('/graph').set(tenant);
    expect(whole.body).toMatchObject({
      entities: expect.arrayContaining([expect.objectContaining({ name: 'Lovelace' })]),
      relations: [{ from: 'Grace', to: 'Compiler', relationType: 'built' }],
    });
    expect(whole.body.entities).toHaveLength(3);
  });
});
