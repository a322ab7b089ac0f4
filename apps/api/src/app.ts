import rateLimit from '@fastify/rate-limit';
import { connectPostgres, databaseUnavailable } from '@repo/postgres-kit';
import { createService, documentErrors, healthRoutes, ProblemError } from '@repo/service-kit';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { DestinationStream } from 'pino';
import { adminRoutes } from './admin/routes.js';
import { createAuthenticate } from './auth/authenticate.js';
import { createLoginCeiling } from './auth/login-ceiling.js';
import { createRefreshTokensRepository } from './auth/refresh-tokens-repository.js';
import { authRoutes } from './auth/routes.js';
import { createSessionStore } from './auth/sessions.js';
import { createUsersRepository } from './auth/users-repository.js';
import type { ApiConfig } from './config.js';
import * as schema from './db/schema.js';
import { federationRoutes } from './federation/routes.js';
import { createOutboxRelay } from './memory-mirror/outbox-relay.js';
import { createNoteCache } from './notes/note-cache.js';
import { createNotesRepository } from './notes/notes-repository.js';
import { notesRoutes } from './notes/routes.js';
import { connectRedis } from './plugins/redis.js';
import { createServiceClients } from './plugins/service-clients.js';

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

/**
 * Builds the api: a Fastify instance wired from a validated config. Clients and repositories
 * are made once here and handed to the route plugins. Listening is main.ts's job.
 */
export async function buildApp(config: ApiConfig, deps: ApiDependencies = {}): Promise<FastifyInstance> {
  const app = await createService({
    title: 'api',
    description:
      'Notes with auth, backed by PostgreSQL and Redis, mirrored into the memory graph; search across notes and documents.',
    logLevel: config.logLevel,
    timeouts: config.server,
    bodyLimitBytes: config.bodyLimitBytes,
    logStream: deps.logStream,
    mapError: databaseUnavailable,
    openApiComponents: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  });

  // Clients: injected ones are the caller's to close; the ones made here close with the app.
  const pool = await connectPostgres(app, config.databaseUrl, config.postgres, deps.pgPool);
  const db = drizzle(pool, { schema });
  const redis = await connectRedis(app, {
    url: config.redisUrl,
    cacheUrl: config.cacheRedisUrl,
    client: deps.redis,
    cacheClient: deps.cacheRedis,
    commandTimeoutMs: config.redis.commandTimeoutMs,
  });
  const { memory, docs } = createServiceClients(config);

  // Repositories and stores.
  const users = createUsersRepository(db);
  const notes = createNotesRepository(db);
  const refreshTokens = createRefreshTokensRepository(db, { reuseGraceSeconds: config.refreshReuseGraceSeconds });
  const sessions = createSessionStore(redis.sessions, config.sessionTtlSeconds);
  const cache = createNoteCache(redis.cache, config.noteCacheTtlSeconds);
  const loginCeiling = createLoginCeiling(redis.sessions, {
    max: config.rateLimit.loginAccountMax,
    windowSeconds: config.rateLimit.loginWindowSeconds,
  });

  // The outbox relay delivers note changes to memory while the app is up, when memory is configured.
  const relay = memory
    ? createOutboxRelay({
        pool,
        memory,
        namespace: config.memoryNamespace,
        log: app.log.child({ component: 'outbox-relay' }),
        ...config.outbox,
      })
    : null;
  if (relay) {
    app.addHook('onReady', async () => relay.start());
    app.addHook('preClose', async () => relay.stop());
  }
  const outboxWritten = () => relay?.wake();

  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowSeconds * 1000,
    // Shared by every instance of the api. When Redis is down, requests are let through
    // (availability first); login fails closed before it checks a password (auth/routes.ts).
    redis: redis.sessions,
    nameSpace: 'rate-limit:',
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new ProblemError(
        'rate-limited',
        `Too many requests: at most ${context.max} per ${context.after}. Retry after the time in Retry-After.`,
      ),
  });
  // Every route below is under the global limit: its document lists the 429.
  app.addHook('onRoute', (route) => documentErrors(route, [429]));
  const authenticate = createAuthenticate(app, { jwtSecret: config.jwtSecret, sessions });

  // The cache is not probed: without it the api still serves (degraded), so it stays ready.
  await app.register(healthRoutes, {
    probes: { postgres: () => pool.query('SELECT 1'), redis: () => redis.sessions.ping() },
  });
  await app.register(authRoutes, {
    config,
    users,
    refreshTokens,
    sessions,
    loginCeiling,
    authenticate,
    outboxWritten,
  });
  await app.register(notesRoutes, { notes, cache, authenticate, outboxWritten });
  await app.register(federationRoutes, { config, notes, memory, docs, authenticate });
  await app.register(adminRoutes, { users, notes, authenticate });
  return app;
}
