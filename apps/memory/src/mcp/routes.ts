import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { PROBLEM_CONTENT_TYPE, problemBody } from '@repo/service-kit';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { GraphRepository } from '../graph/graph-repository.js';
import { namespaceOf } from '../graph/routes.js';
import { createMemoryMcpServer } from './memory-tools.js';

/**
 * MCP over Streamable HTTP, stateless: every POST gets a fresh server bound to the caller's
 * namespace and answers with JSON. GET (server-sent events) and DELETE (sessions) are not
 * offered, which the spec allows for stateless servers.
 */
export const mcpRoutes: FastifyPluginAsync<{ graph: GraphRepository }> = async function mcpRoutes(app, { graph }) {
  app.post('/mcp', { schema: { hide: true }, config: { refusesNulItself: true } }, async (request, reply) => {
    const namespace = namespaceOf(request);
    const server = createMemoryMcpServer(graph, namespace);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });

  const notOffered = async (request: { url: string; id: string }, reply: FastifyReply) =>
    reply
      .status(405)
      .header('allow', 'POST')
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        problemBody('method-not-allowed', 'This MCP endpoint is stateless: POST only.', {
          instance: request.url,
          requestId: request.id,
        }),
      );
  app.get('/mcp', { schema: { hide: true } }, notOffered);
  app.delete('/mcp', { schema: { hide: true } }, notOffered);
};
