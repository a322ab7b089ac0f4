import { captureLogs, recordResponsesForOpenApi } from '@realdeps/http-testing';
import { explainFailures } from '@realdeps/http-testing/vitest';
import { recordStatements } from '@realdeps/isolation';
import { useIsolatedDatabase, useRedisNamespace } from '@realdeps/isolation/vitest';
import { buildApp, createRedisClient, parseConfig, schema, type ApiConfigInput } from '@repo/api';
import { createPgPool } from '@repo/postgres-kit';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import supertest from 'supertest';
import { afterAll, expect, inject } from 'vitest';

export const TEST_JWT_SECRET = 'api-integration-secret-of-at-least-32-chars';

export interface ApiUnderTestOptions {
  config?: Partial<ApiConfigInput>;
  /** Reach Redis through another address, e.g. a fault proxy in front of it. */
  redisUrl?: string;
  /** Reach the cache's Redis through another address (by default the cache shares the session client). */
  cacheRedisUrl?: string;
}

/**
 * The real api, in-process, for one test file: its own database cloned from the migrated
 * template, its own Redis key prefix, captured logs, and every response checked against the
 * OpenAPI document when the file ends. Call at the top level of a test file.
 */
export async function apiUnderTest(options: ApiUnderTestOptions = {}) {
  const servers = inject('servers');
  const database = await useIsolatedDatabase();
  const redisNamespace = await useRedisNamespace();
  const logs = captureLogs();
  const config = parseConfig({
    databaseUrl: database.url,
    redisUrl: options.redisUrl ?? servers.redis!.url,
    jwtSecret: TEST_JWT_SECRET,
    // Cheaper hashing keeps registration fast; the scheme is the same as in production.
    passwordHashCost: 10,
    logLevel: 'info',
    ...options.config,
    rateLimit: { max: 10_000, registerMax: 10_000, ...options.config?.rateLimit },
  });
  // Made as production makes it (statement timeout and all), bound to this file's database.
  const pool = createPgPool(database.url, config.postgres);
  const statements = recordStatements(pool);
  const redis = createRedisClient(config.redisUrl, {
    commandTimeoutMs: config.redis.commandTimeoutMs,
    keyPrefix: redisNamespace.prefix,
  });
  redis.on('error', () => undefined);
  const cacheRedis = options.cacheRedisUrl
    ? createRedisClient(options.cacheRedisUrl, {
        commandTimeoutMs: config.redis.commandTimeoutMs,
        keyPrefix: redisNamespace.prefix,
      })
    : undefined;
  cacheRedis?.on('error', () => undefined);
  const readBack = new pg.Pool({ connectionString: database.url, max: 2 });
  const app = await buildApp(config, {
    pgPool: pool,
    redis,
    ...(cacheRedis ? { cacheRedis } : {}),
    logStream: logs.stream,
  });
  const openApi = recordResponsesForOpenApi(app);
  const serversLine = `postgres ${servers.postgres?.provider} ${database.url}; redis ${servers.redis?.provider} ${servers.redis?.url} prefix ${redisNamespace.prefix}`;
  explainFailures(app, { logs, servers: serversLine });
  await app.ready();

  afterAll(async () => {
    await app.close();
    await Promise.all([pool.end(), readBack.end()]);
    redis.disconnect();
    cacheRedis?.disconnect();
    expect(openApi.verify(), 'responses that do not match the OpenAPI document').toEqual([]);
  });

  return {
    app,
    http: supertest(app.server),
    config,
    /** For reading state back, on a pool of its own (the app's pool may be exhausted on purpose). */
    db: drizzle(readBack, { schema }),
    pool,
    /** `statements.during(work)`: the SQL the app sent while `work` ran, for query budgets. */
    statements,
    database,
    redis: redisNamespace,
    logs,
    /** Where this file's servers are, for failure messages. */
    servers: serversLine,
  };
}

export type ApiUnderTest = Awaited<ReturnType<typeof apiUnderTest>>;
