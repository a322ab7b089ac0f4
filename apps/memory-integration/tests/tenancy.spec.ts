import { problemOf } from '@realdeps/http-testing';
import { entityFactory } from '@repo/factories';
import { describe, expect, it } from 'vitest';
import { memoryUnderTest } from '../support/memory-under-test.js';

const memory = await memoryUnderTest();

/** Two tenants holding entities of the same names. */
async function twoTenants() {
  const alice = await memory.otherTenant();
  const bob = await memory.otherTenant();
  const [shared, other] = entityFactory.buildList(2);
  for (const [tenant, secret] of [
    [alice, 'alice secret'],
    [bob, 'bob secret'],
  ] as const) {
    await memory.http
      .post('/entities')
      .set(tenant)
      .send({ entities: [{ ...shared!, observations: [secret] }, other] });
    await memory.http
      .post('/relations')
      .set(tenant)
      .send({ relations: [{ from: shared!.name, to: other!.name, relationType: 'knows' }] });
  }
  return { alice, bob, shared: shared!, other: other! };
}

describe('namespaces (tenants on one Community database)', () => {
  it("never show one tenant another's data: graph, search, open, neighbours", async () => {
    const { alice, shared } = await twoTenants();

    const graph = await memory.http.get('/graph').set(alice);
    const search = await memory.http.get('/search').set(alice).query({ q: 'secret' });
    const open = await memory.http
      .get('/entities')
      .set(alice)
      .query({ names: [shared.name] });
    const neighbours = await memory.http
      .get(`/entities/${encodeURIComponent(shared.name)}/neighbours`)
      .set(alice)
      .query({ depth: 3 });

    expect(graph.body.entities).toHaveLength(2);
    expect(graph.body.relations).toHaveLength(1);
    expect(search.body.entities).toEqual([expect.objectContaining({ observations: ['alice secret'] })]);
    expect(open.body.entities).toEqual([expect.objectContaining({ observations: ['alice secret'] })]);
    expect(neighbours.body.neighbours).toHaveLength(1);
  });

  it("never let one tenant change another's data", async () => {
    const { alice, bob, shared, other } = await twoTenants();

    await memory.http
      .post('/entities/delete')
      .set(alice)
      .send({ entityNames: [shared.name] });
    await memory.http
      .post('/relations/delete')
      .set(alice)
      .send({ relations: [{ from: shared.name, to: other.name, relationType: 'knows' }] });
    await memory.http
      .post('/observations')
      .set(alice)
      .send({ observations: [{ entityName: other.name, contents: ['written by alice'] }] });

    const bobs = await memory.http.get('/graph').set(bob);
    expect(bobs.body.entities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: shared.name, observations: ['bob secret'] }),
        expect.objectContaining({ name: other.name, observations: other.observations }),
      ]),
    );
    expect(bobs.body.relations).toEqual([{ from: shared.name, to: other.name, relationType: 'knows' }]);
  });

  it("cannot relate an entity to another tenant's entity", async () => {
    const { namespace: aliceNamespace, headers: alice } = await memory.otherNamespace();
    const bob = await memory.otherTenant();
    const [mine, theirs] = entityFactory.buildList(2);
    await memory.http
      .post('/entities')
      .set(alice)
      .send({ entities: [mine] });
    await memory.http
      .post('/entities')
      .set(bob)
      .send({ entities: [theirs] });

    const response = await memory.http
      .post('/relations')
      .set(alice)
      .send({ relations: [{ from: mine!.name, to: theirs!.name, relationType: 'knows' }] });

    expect(problemOf(response)).toMatchObject({ status: 404 });
    expect(
      await memory.cypher('MATCH (e:Entity {namespace: $tenant, name: $name})-[r]-() RETURN r', {
        tenant: aliceNamespace,
        name: mine!.name,
      }),
    ).toEqual([]);
  });
});
