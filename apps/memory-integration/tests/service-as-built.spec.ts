import { createNeo4jNamespace, neo4jDriver } from '@realdeps/isolation';
import { buildApp, parseConfig } from '@repo/memory';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectMcp } from '../support/mcp-client.js';
import { TEST_MEMORY_TOKEN_SECRET, tenantOf } from '../support/memory-under-test.js';

/*
 * The service as main.ts builds it: its own driver from the config, every route, every tool. Each
 * test builds its app inside the test (the other files build theirs once, before their tests), so
 * the wiring itself (which route runs which handler with which schema) is judged by a test: the
 * mutation run counts code that runs before any test as untested.
 */

const server = inject('servers').neo4j!;
const cypher = await neo4jDriver(server);
afterAll(() => cypher.close());

async function withServiceAsBuilt(work: (app: FastifyInstance, headers: Record<string, string>) => Promise<void>) {
  const config = parseConfig({
    neo4jUrl: server.url,
    neo4jUser: server.user,
    neo4jPassword: server.password,
    tokenSecret: TEST_MEMORY_TOKEN_SECRET,
    logLevel: 'silent',
  });
  const namespace = createNeo4jNamespace(cypher);
  const app = await buildApp(config);
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    await work(app, await tenantOf(namespace.namespace));
  } finally {
    await app.close();
    await namespace.cleanup();
  }
}

describe('the memory service as built from its config', () => {
  it('answers every REST route with what its schema documents', async () => {
    await withServiceAsBuilt(async (app, headers) => {
      const http = supertest(app.server);
      const ada = { name: 'Ada', entityType: 'person', observations: ['wrote the first program'] };
      const engine = { name: 'Engine', entityType: 'machine', observations: [] };
      const designed = { from: 'Ada', to: 'Engine', relationType: 'designed' };

      const created = await http
        .post('/entities')
        .set(headers)
        .send({ entities: [ada, engine] });
      const related = await http
        .post('/relations')
        .set(headers)
        .send({ relations: [designed] });
      const observed = await http
        .post('/observations')
        .set(headers)
        .send({ observations: [{ entityName: 'Engine', contents: ['analytical'] }] });
      const graph = await http.get('/graph').set(headers);
      const found = await http.get('/search').query({ q: 'analytical' }).set(headers);
      const opened = await http.get('/entities').query({ names: 'Ada' }).set(headers);
      const neighbours = await http.get('/entities/Ada/neighbours').query({ depth: 1 }).set(headers);
      const path = await http.get('/paths/shortest').query({ from: 'Ada', to: 'Engine' }).set(headers);
      const unobserved = await http
        .post('/observations/delete')
        .set(headers)
        .send({ deletions: [{ entityName: 'Engine', observations: ['analytical'] }] });
      const unrelated = await http
        .post('/relations/delete')
        .set(headers)
        .send({ relations: [designed] });
      const noPath = await http.get('/paths/shortest').query({ from: 'Ada', to: 'Engine' }).set(headers);
      const deleted = await http
        .post('/entities/delete')
        .set(headers)
        .send({ entityNames: ['Ada', 'Engine'] });
      const health = await http.get('/health/ready');

      expect(created.status).toBe(200);
      expect(created.body).toEqual({ entities: [ada, engine] });
      expect(related.body).toEqual({ relations: [designed] });
      expect(observed.body).toEqual({ results: [{ entityName: 'Engine', addedObservations: ['analytical'] }] });
      expect(graph.body).toEqual({
        entities: [ada, { ...engine, observations: ['analytical'] }],
        relations: [designed],
      });
      expect(found.body.entities.map((entity: { name: string }) => entity.name)).toEqual(['Engine']);
      expect(opened.body.entities.map((entity: { name: string }) => entity.name)).toEqual(['Ada']);
      expect(neighbours.body.neighbours).toEqual([{ ...engine, observations: ['analytical'], distance: 1 }]);
      expect(path.body).toEqual({ entities: ['Ada', 'Engine'], relations: [designed] });
      expect(unobserved.status).toBe(204);
      expect(unrelated.status).toBe(204);
      expect(noPath.status).toBe(404);
      expect(noPath.body.detail).toBe('No path between "Ada" and "Engine".');
      expect(deleted.body).toEqual({ deleted: 2 });
      expect(health.status).toBe(200);
    });
  });

  it('refuses a request without a service token, on REST and MCP alike', async () => {
    await withServiceAsBuilt(async (app) => {
      const http = supertest(app.server);

      expect((await http.get('/graph')).status).toBe(401);
      expect((await http.post('/mcp').send({})).status).toBe(401);
    });
  });

  it('publishes the OpenAPI document committed beside this test', async () => {
    await withServiceAsBuilt(async (app) => {
      const document = (await supertest(app.server).get('/openapi.json')).body as unknown;

      await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot('./service-as-built/openapi.json');
    });
  });

  it('lists the MCP tools committed beside this test, and answers over the stateless Streamable HTTP transport only', async () => {
    await withServiceAsBuilt(async (app, headers) => {
      const client = await connectMcp(app, headers);
      try {
        const { tools } = await client.listTools();
        const created = await client.callTool({
          name: 'create_entities',
          arguments: { entities: [{ name: 'Ada', entityType: 'person', observations: [] }] },
        });
        const deleted = await client.callTool({ name: 'delete_entities', arguments: { entityNames: ['Ada'] } });

        await expect(`${JSON.stringify(tools, null, 2)}\n`).toMatchFileSnapshot('./service-as-built/mcp-tools.json');
        expect(created.isError).toBeFalsy();
        expect(deleted.isError).toBeFalsy();
      } finally {
        await client.close();
      }
      const http = supertest(app.server);
      for (const method of ['get', 'delete'] as const) {
        const refused = await http[method]('/mcp').set(headers);
        expect(refused.status).toBe(405);
        expect(refused.headers['allow']).toBe('POST');
        expect(refused.body.detail).toBe('This MCP endpoint is stateless: POST only.');
      }
    });
  });
});
