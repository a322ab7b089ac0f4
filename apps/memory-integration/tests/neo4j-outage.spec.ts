import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startTcpFaultProxy } from '@realdeps/faults';
import { problemOf } from '@realdeps/http-testing';
import { waitFor } from '@realdeps/provisioning';
import { entityFactory } from '@repo/factories';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { memoryUnderTest } from '../support/memory-under-test.js';

// Neo4j reached through a proxy that can cut the connection: the database "goes away" for
// this file only, whatever provider runs it.
const neo4j = inject('servers').neo4j!;
const proxy = await startTcpFaultProxy({ host: neo4j.host, port: neo4j.port });
afterAll(() => proxy.stop());
const memory = await memoryUnderTest({ neo4jUrl: proxy.proxiedUrl(neo4j.url), config: { neo4jTimeoutMs: 1000 } });

describe('when Neo4j goes away mid-suite', () => {
  it('answers REST with 503 and MCP with a tool error, then recovers when Neo4j is back', async () => {
    const entity = entityFactory.build();
    await memory.http
      .post('/entities')
      .set(memory.tenant)
      .send({ entities: [entity] });
    await memory.app.listen({ host: '127.0.0.1', port: 0 });
    const address = memory.app.server.address();
    const mcp = new Client({ name: 'outage-test', version: '1.0.0' });
    await mcp.connect(
      new StreamableHTTPClientTransport(
        new URL(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/mcp`),
        { requestInit: { headers: memory.tenant } },
      ),
    );

    proxy.cut();
    const rest = await memory.http.get('/graph').set(memory.tenant);
    const tool = await mcp.callTool({ name: 'read_graph', arguments: {} });
    const ready = await memory.http.get('/health/ready');
    proxy.restore();

    expect(problemOf(rest)).toMatchObject({ status: 503, type: '/problems/dependency-unavailable' });
    expect(rest.headers['retry-after']).toBe('2');
    expect(tool).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'The graph database is unavailable; retry shortly.' }],
    });
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ neo4j: 'down' });

    const back = await waitFor(
      'the driver to reconnect to Neo4j',
      15_000,
      async () => {
        const response = await memory.http.get('/search').set(memory.tenant).query({ q: entity.name });
        return response.status === 200 ? response : undefined;
      },
      200,
    );
    expect(back.body.entities).toEqual([entity]);
    expect((await mcp.callTool({ name: 'search_nodes', arguments: { query: entity.name } })).isError).toBeFalsy();
    await mcp.close();
  });
});
