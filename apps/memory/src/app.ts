import { createService, healthRoutes, requireServiceToken, serviceTokenSecurityScheme } from '@repo/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import type { DestinationStream } from 'pino';
import type { MemoryConfig } from './config.js';
import { createGraphRepository } from './graph/graph-repository.js';
import { ensureGraphSchema } from './graph/graph-schema.js';
import { graphRoutes } from './graph/routes.js';
import { mcpRoutes } from './mcp/routes.js';
import { neo4jUnavailable } from './plugins/dependency-errors.js';
import { connectNeo4j } from './plugins/neo4j.js';

export { parseConfig } from './config.js';
export type { MemoryConfig, MemoryConfigInput } from './config.js';
export { createGraphRepository } from './graph/graph-repository.js';
export { ensureGraphSchema } from './graph/graph-schema.js';
export { createNeo4jDriver } from './plugins/neo4j.js';

export interface MemoryDependencies {
  /** An injected driver; the app does not close it. */
  neo4j?: Driver;
  logStream?: DestinationStream;
}

/** Builds the memory service from a validated config. Listening is main.ts's job. */
export async function buildApp(config: MemoryConfig, deps: MemoryDependencies = {}): Promise<FastifyInstance> {
  const app = await createService({
    title: 'memory',
    description: 'Knowledge-graph memory on Neo4j, over REST and MCP.',
    logLevel: config.logLevel,
    timeouts: config.server,
    bodyLimitBytes: config.bodyLimitBytes,
    logStream: deps.logStream,
    mapError: neo4jUnavailable,
    openApiComponents: serviceTokenSecurityScheme,
  });
  const neo4j = await connectNeo4j(
    app,
    { url: config.neo4jUrl, user: config.neo4jUser, password: config.neo4jPassword, timeoutMs: config.neo4jTimeoutMs },
    deps.neo4j,
  );
  await ensureGraphSchema(neo4j);

  const graph = createGraphRepository(neo4j, { queryTimeoutMs: config.neo4jQueryTimeoutMs });
  await app.register(healthRoutes, {
    probes: { neo4j: () => neo4j.executeQuery('RETURN 1', {}, { transactionConfig: { timeout: 1000 } }) },
  });
  // Everything but health needs a service token from the api, which names the namespace.
  await app.register(async (secured) => {
    requireServiceToken(secured, { secret: config.tokenSecret, audience: 'memory' });
    await secured.register(graphRoutes, { graph });
    await secured.register(mcpRoutes, { graph });
  });
  return app;
}
