import { createService, healthRoutes, requireServiceToken, serviceTokenSecurityScheme } from '@repo/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import type { DestinationStream } from 'pino';
import type { MemoryConfig } from './config.js';
import { createGraphRepository } from './graph/graph-repository.js';
import { ensureGraphSchema } from './graph/graph-schema.js';
import { graphRoutes } from './graph/routes.js';
import { createToolGraphRepository } from './graph/tool-graph-repository.js';
import { mcpRoutes } from './mcp/routes.js';
import { neo4jUnavailable } from './plugins/dependency-errors.js';
import { connectNeo4j } from './plugins/neo4j.js';
import { createEmbeddingJob } from './recall/embedding-job.js';
import { ensureEmbeddingSchema } from './recall/embedding-schema.js';
import { createEmbeddingsClient } from './recall/embeddings-client.js';
import { recallRoutes } from './recall/routes.js';
import { createSemanticSearch } from './recall/semantic-search.js';

export { parseConfig } from './config.js';
export type { MemoryConfig, MemoryConfigInput } from './config.js';
export { createGraphRepository } from './graph/graph-repository.js';
export { ensureGraphSchema } from './graph/graph-schema.js';
export { createNeo4jDriver } from './plugins/neo4j.js';
export { createEmbeddingJob } from './recall/embedding-job.js';
export { ensureEmbeddingSchema } from './recall/embedding-schema.js';
export { createEmbeddingsClient } from './recall/embeddings-client.js';
export { createSemanticSearch } from './recall/semantic-search.js';

export interface MemoryDependencies {
  /** An injected driver; the app does not close it. */
  neo4j?: Driver;
  logStream?: DestinationStream;
}

/** Builds the memory service from a validated config. Listening is main.ts's job. */
export async function buildApp(config: MemoryConfig, deps: MemoryDependencies = {}): Promise<FastifyInstance> {
  const app = await createService({
    title: 'memory',
    description: 'Knowledge-graph memory on Neo4j, recalled by meaning or keyword, over REST and MCP.',
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

  // Recall by meaning: the API's vectors, embedded in the background; without an API, keyword only.
  const embeddings = config.embeddings ? createEmbeddingsClient(config.embeddings) : null;
  if (config.embeddings) await ensureEmbeddingSchema(neo4j, config.embeddings.dimensions);
  const job =
    embeddings && config.embeddings
      ? createEmbeddingJob({
          driver: neo4j,
          embeddings,
          batchSize: config.embeddings.batchSize,
          pollMs: config.embeddings.pollMs,
          timeoutMs: config.embeddings.jobTimeoutMs,
          retryBaseMs: config.embeddings.retryBaseMs,
          retryMaxMs: config.embeddings.retryMaxMs,
          orphanAfterMs: config.embeddings.orphanAfterMs,
          log: app.log.child({ component: 'embedding-job' }),
        })
      : null;
  if (job) {
    app.addHook('onReady', async () => job.start());
    app.addHook('preClose', async () => job.stop());
  }
  const search = createSemanticSearch({
    driver: neo4j,
    embeddings,
    queryTimeoutMs: config.embeddings?.queryTimeoutMs ?? 0,
    neo4jTimeoutMs: config.neo4jQueryTimeoutMs,
  });

  const sessionOptions = {
    queryTimeoutMs: config.neo4jQueryTimeoutMs,
    changed: (namespace: string) => job?.wake(namespace),
  };
  // REST has its own rules (relations need both ends, 404 otherwise); the MCP tools behave like the official server's.
  const graph = createGraphRepository(neo4j, sessionOptions);
  const toolGraph = createToolGraphRepository(neo4j, sessionOptions);
  await app.register(healthRoutes, {
    probes: { neo4j: () => neo4j.executeQuery('RETURN 1', {}, { transactionConfig: { timeout: 1000 } }) },
  });
  // Everything but health needs a service token from the api, which names the namespace.
  await app.register(async (secured) => {
    requireServiceToken(secured, { secret: config.tokenSecret, audience: 'memory' });
    await secured.register(graphRoutes, { graph });
    await secured.register(recallRoutes, {
      driver: neo4j,
      search,
      configured: embeddings !== null,
      queryTimeoutMs: config.neo4jQueryTimeoutMs,
    });
    await secured.register(mcpRoutes, { graph: toolGraph, search });
  });
  return app;
}
