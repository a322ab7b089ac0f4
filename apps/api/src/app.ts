import rateLimit from '@fastify/rate-limit';
import { databaseUnavailable } from '@repo/postgres-kit';
import { createService, documentErrors, healthRoutes, ProblemError } from '@repo/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { DestinationStream } from 'pino';
import { adminRoutes } from './admin/routes.js';
import { authRoutes } from './auth/routes.js';
import type { ApiConfig } from './config.js';
import { federationRoutes } from './federation/routes.js';
import { notesRoutes } from './notes/routes.js';
import { authenticatePlugin } from './plugins/authenticate.js';
import { dbPlugin } from './plugins/db.js';
import { redisPlugin } from './plugins/redis.js';
import { serviceClientsPlugin } from './plugins/service-clients.js';

export { parseConfig, type ApiConfigInput } from './config.js';
export type { ApiConfig } from './config.js';
export * as schema from './db/schema.js';
export { createRedisClient } from './plugins/redis.js';

/** Clients a caller may inject; the app closes only the clients it created itself. */
export interface ApiDependencies {
  pgPool?: pg.Pool;
  redis?: Redis;
  cacheRedis?: Redis;
  /** Where JSON log lines go (tests capture them); stdout by default. */
  logStream?: DestinationStream;
}

/** Builds the api: a Fastify instance wired from a validated config. Listening is main.ts's job. */
export async function buildApp(config: ApiConfig, deps: ApiDependencies = {}): Promise<FastifyInstance> {
  const app = await createService({
    title: 'api',
    description:
      'Notes with auth, backed by PostgreSQL and Redis, mirrored into the memory graph; search across notes and documents.',
    logLevel: config.logLevel,
    bodyLimitBytes: config.bodyLimitBytes,
    logStream: deps.logStream,
    mapError: databaseUnavailable,
    openApiComponents: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  });
  await app.register(dbPlugin, { connectionString: config.databaseUrl, settings: config.postgres, pool: deps.pgPool });
  await app.register(redisPlugin, {
    url: config.redisUrl,
    cacheUrl: config.cacheRedisUrl,
    client: deps.redis,
    cacheClient: deps.cacheRedis,
    commandTimeoutMs: config.redis.commandTimeoutMs,
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowSeconds * 1000,
    // Shared by every instance of the api. When Redis is down, requests are let through
    // (availability first); login fails closed before it checks a password (auth/routes.ts).
    redis: app.redis,
    nameSpace: 'rate-limit:',
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new ProblemError(
        429,
        'rate-limited',
        'Too Many Requests',
        `Too many requests: at most ${context.max} per ${context.after}. Retry after the time in Retry-After.`,
      ),
  });
  // Every route below is under the global limit: its document lists the 429.
  app.addHook('onRoute', (route) => documentErrors(route, [429]));
  await app.register(serviceClientsPlugin, config);
  await app.register(authenticatePlugin, { jwtSecret: config.jwtSecret, sessionTtlSeconds: config.sessionTtlSeconds });

  // The cache is not probed: without it the api still serves (degraded), so it stays ready.
  await app.register(healthRoutes, {
    probes: { postgres: () => app.pgPool.query('SELECT 1'), redis: () => app.redis.ping() },
  });
  await app.register((instance) => authRoutes(instance, config));
  await app.register((instance) => notesRoutes(instance, config));
  await app.register((instance) => federationRoutes(instance, config));
  await app.register(adminRoutes);
  return app;
}
