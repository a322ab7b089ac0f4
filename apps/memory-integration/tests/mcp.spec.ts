import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { GRAPH_LIMITS } from '@repo/contracts';
import { entityFactory } from '@repo/factories';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp } from '../support/mcp-client.js';
import { memoryUnderTest } from '../support/memory-under-test.js';

const memory = await memoryUnderTest();
let client: Client;

const connect = (headers: Record<string, string>) => connectMcp(memory.app, headers);

beforeAll(async () => {
  await memory.app.listen({ host: '127.0.0.1', port: 0 });
  client = await connect(memory.tenant);
});
afterAll(() => client.close());

const call = (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args });

describe('the MCP tools', () => {
  it('are listed with their input schemas', async () => {
    const { tools } = await client.listTools();

    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'add_observations',
      'create_entities',
      'create_relations',
      'delete_entities',
      'delete_observations',
      'delete_relations',
      'open_nodes',
      'read_graph',
      'search_nodes',
    ]);
    expect(tools.find((tool) => tool.name === 'create_entities')?.inputSchema).toMatchObject({
      type: 'object',
      required: ['entities'],
    });
  });

  it('each work on the graph and return structured results', async () => {
    const [ada, engine] = entityFactory.buildList(2, { observations: [] });

    const created = await call('create_entities', { entities: [ada, engine] });
    const related = await call('create_relations', {
      relations: [{ from: ada!.name, to: engine!.name, relationType: 'designed' }],
    });
    const observed = await call('add_observations', {
      observations: [{ entityName: ada!.name, contents: ['first programmer'] }],
    });
    const found = await call('search_nodes', { query: 'programmer' });
    const opened = await call('open_nodes', { names: [ada!.name, engine!.name] });
    const whole = await call('read_graph');

    expect(created.structuredContent).toEqual({ entities: [ada, engine] });
    expect(related.structuredContent).toEqual({
      relations: [{ from: ada!.name, to: engine!.name, relationType: 'designed' }],
    });
    expect(observed.structuredContent).toEqual({
      results: [{ entityName: ada!.name, addedObservations: ['first programmer'] }],
    });
    expect(found.structuredContent).toMatchObject({
      entities: [{ name: ada!.name, observations: ['first programmer'] }],
    });
    expect(opened.structuredContent).toMatchObject({
      relations: [{ from: ada!.name, to: engine!.name, relationType: 'designed' }],
    });
    expect((whole.structuredContent as { entities: unknown[] }).entities).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: engine!.name })]),
    );

    await call('delete_observations', { deletions: [{ entityName: ada!.name, observations: ['first programmer'] }] });
    await call('delete_relations', { relations: [{ from: ada!.name, to: engine!.name, relationType: 'designed' }] });
    const deleted = await call('delete_entities', { entityNames: [ada!.name, engine!.name] });

    expect(deleted.structuredContent).toEqual({ deleted: 2 });
    expect(
      await memory.cypher('MATCH (e:Entity {namespace: $namespace}) WHERE e.name IN $names RETURN e', {
        names: [ada!.name, engine!.name],
      }),
    ).toEqual([]);
  });

  it('report a domain failure as a tool error with a clear message, and the transport stays usable', async () => {
    const result = await call('create_relations', {
      relations: [{ from: 'ghost', to: 'phantom', relationType: 'haunts' }],
    });

    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: 'No entity named "ghost", "phantom" in this namespace; nothing was written.' },
    ]);
    expect((await client.listTools()).tools.length).toBe(9);
  });

  it('report invalid arguments as a tool error naming the field', async () => {
    const result = await call('create_entities', { entities: [{ name: '', entityType: 'x', observations: [] }] });

    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/entities.*name|name.*entities/);
  });

  it('report NUL in any text as a tool error naming the field, and write nothing', async () => {
    const entity = entityFactory.build({ observations: ['fine', 'not\u0000fine'] });

    const result = await call('create_entities', { entities: [entity] });

    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/NUL character.*entities\[0\]\.observations\[1\]/);
    const opened = await call('open_nodes', { names: [entity.name] });
    expect(opened.structuredContent).toEqual({ entities: [], relations: [] });
  });

  it('work only inside the namespace of the connection', async () => {
    const other = await connect(await memory.otherTenant());
    await call('create_entities', { entities: [entityFactory.build({ name: 'only-in-my-namespace' })] });

    const seen = await other.callTool({ name: 'search_nodes', arguments: { query: 'only-in-my-namespace' } });
    await other.close();

    expect(seen.structuredContent).toEqual({ entities: [], relations: [] });
  });

  it('add an observation once when one call names the entity twice', async () => {
    const entity = entityFactory.build({ observations: [] });
    await call('create_entities', { entities: [entity] });

    const added = await call('add_observations', {
      observations: [
        { entityName: entity.name, contents: ['seen twice'] },
        { entityName: entity.name, contents: ['seen twice', 'once'] },
      ],
    });

    expect(added.isError).toBeFalsy();
    expect(added.structuredContent).toEqual({
      results: [{ entityName: entity.name, addedObservations: ['seen twice', 'once'] }],
    });
    const [stored] = await memory.cypher<{ observations: string[] }>(
      'MATCH (e:Entity {namespace: $namespace, name: $name}) RETURN e.observations AS observations',
      { name: entity.name },
    );
    expect(stored?.observations).toEqual(['seen twice', 'once']);
  });

  it('answer in their own output schema for an entity of more than 100 observations', async () => {
    const many = Array.from({ length: 150 }, (_, i) => `observation ${i}`);
    const entity = entityFactory.build({ observations: many.slice(0, 100) });
    await call('create_entities', { entities: [entity] });
    await call('add_observations', { observations: [{ entityName: entity.name, contents: many.slice(100) }] });

    // The write first: the reads after it must see its observation too.
    const created = await call('create_entities', { entities: [{ ...entity, observations: ['one more'] }] });
    const results = [
      created,
      ...(await Promise.all([
        call('read_graph'),
        call('open_nodes', { names: [entity.name] }),
        call('search_nodes', { query: entity.name }),
      ])),
    ];

    expect(results.map((result) => result.isError ?? false)).toEqual([false, false, false, false]);
    const opened = results[2]!.structuredContent as { entities: { observations: string[] }[] };
    expect(opened.entities[0]!.observations).toHaveLength(151);
  });

  it('take the limits REST takes: one observation too many is refused by both, and nothing is written', async () => {
    const entity = entityFactory.build({ observations: [] });
    await call('create_entities', { entities: [entity] });
    const tooMany = Array.from({ length: GRAPH_LIMITS.observationsPerCall + 1 }, (_, i) => `observation ${i}`);
    const body = { observations: [{ entityName: entity.name, contents: tooMany }] };

    const tool = await call('add_observations', body);
    const rest = await memory.http.post('/observations').set(memory.tenant).send(body);

    expect(tool.isError).toBe(true);
    expect(JSON.stringify(tool.content)).toMatch(/observations.*contents/);
    expect(rest.status).toBe(400);
    const [stored] = await memory.cypher<{ observations: string[] }>(
      'MATCH (e:Entity {namespace: $namespace, name: $name}) RETURN e.observations AS observations',
      { name: entity.name },
    );
    expect(stored?.observations).toEqual([]);
  });
});
