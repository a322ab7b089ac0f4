import { captureLogs } from '@realdeps/http-testing';
import { recordStatements } from '@realdeps/isolation';
import { useIsolatedDatabase, useRedisNamespace } from '@realdeps/isolation/vitest';
import {
  schema as apiSchema,
  buildApp as buildApi,
  createRedisClient,
  parseConfig as parseApiConfig,
  type ApiConfigInput,
} from '@repo/api';
import type { ServiceCaller } from '@repo/contracts';
import { buildApp as buildDocs, parseConfig as parseDocsConfig } from '@repo/docs';
import { userFactory } from '@repo/factories';
import { buildApp as buildMemory, parseConfig as parseMemoryConfig } from '@repo/memory';
import { createPgPool } from '@repo/postgres-kit';
import { signServiceToken, type ServiceAudience } from '@repo/service-kit';
import { drizzle } from 'drizzle-orm/node-postgres';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterAll, expect, inject } from 'vitest';

/** The service-token secrets the api shares with memory and with docs, in this suite. */
export const TOKEN_SECRETS = {
  memory: 'cross-service-memory-token-secret-32ch',
  docs: 'cross-service-docs-token-secret-of-32ch',
};

/** Signs as the api does, for a client a test builds itself. */
export const signAs = (audience: ServiceAudience) => (caller: ServiceCaller) =>
  signServiceToken({ audience, secret: TOKEN_SECRETS[audience], ttlSeconds: 60, ...caller });

/**
 * The real memory service on a fixed port of its own, which can be stopped and started again
 * on that port: "memory is down" is a service that is really gone, not a mocked error.
 */
export async function memoryService() {
  const neo4j = inject('servers').neo4j!;
  const config = parseMemoryConfig({
    neo4jUrl: neo4j.url,
    neo4jUser: neo4j.user,
    neo4jPassword: neo4j.password,
    tokenSecret: TOKEN_SECRETS.memory,
    logLevel: 'warn',
  });
  let app = await buildMemory(config);
  const port = Number(new URL(await app.listen({ host: '127.0.0.1', port: 0 })).port);
  let up = true;
  const service = {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (up) await app.close();
      up = false;
    },
    async start() {
      if (up) return;
      app = await buildMemory(config);
      await app.listen({ host: '127.0.0.1', port });
      up = true;
    },
  };
  afterAll(() => service.stop());
  return service;
}

/** The real docs service on a port, with its own database and file store; no worker-facing Claude calls are made. */
export async function docsService() {
  const database = await useIsolatedDatabase('docs');
  const storageDir = mkdtempSync(join(tmpdir(), 'cross-service-docs-'));
  const config = parseDocsConfig({
    databaseUrl: database.url,
    storageDir,
    tokenSecret: TOKEN_SECRETS.docs,
    logLevel: 'warn',
    chunk: { size: 400, overlap: 50 },
    worker: { pollMs: 20 },
  });
  const app = await buildDocs(config);
  const port = Number(new URL(await app.listen({ host: '127.0.0.1', port: 0 })).port);
  afterAll(async () => {
    await app.close();
    rmSync(storageDir, { recursive: true, force: true });
  });
  /** Requests as `owner`, with the service token the api would sign for that user. */
  const as = async (owner: string) =>
    supertest.agent(app.server).set('authorization', `Bearer ${await signAs('docs')({ subject: owner })}`);
  return { url: `http://127.0.0.1:${port}`, as, app, port };
}

/**
 * The real api in-process, with its own database cloned from the api template and its own
 * Redis prefix, wired to the other services by URL. `replicaOf` gives another instance over the
 * same database and Redis keys, as a second replica would be; the caller closes a replica.
 */
export async function apiService(
  overrides: Partial<ApiConfigInput>,
  replicaOf?: { databaseUrl: string; redisPrefix: string },
) {
  const databaseUrl = replicaOf?.databaseUrl ?? (await useIsolatedDatabase('api')).url;
  const redisPrefix = replicaOf?.redisPrefix ?? (await useRedisNamespace()).prefix;
  const logs = captureLogs();
  const config = parseApiConfig({
    databaseUrl,
    redisUrl: inject('servers').redis!.url,
    jwtSecret: 'cross-service-secret-of-at-least-32-chars',
    passwordHashCost: 10,
    memoryTokenSecret: TOKEN_SECRETS.memory,
    docsTokenSecret: TOKEN_SECRETS.docs,
    logLevel: 'info',
    ...overrides,
  });
  // The clients production makes, bound to this test's database and Redis prefix.
  const pool = createPgPool(databaseUrl, config.postgres);
  const statements = recordStatements(pool);
  const redis = createRedisClient(config.redisUrl, { ...config.redis, keyPrefix: redisPrefix });
  const api = await buildApi(config, { pgPool: pool, redis, logStream: logs.stream });
  await api.ready();
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await api.close();
      await pool.end();
      redis.disconnect();
    })());
  // A replica may be made inside a test, where hooks cannot be added: its test closes it.
  if (!replicaOf) afterAll(close);
  const http = supertest(api.server);
  return {
    app: api,
    /** Stops this instance (its relay too) and closes its connections; also done after the file. */
    close,
    http,
    logs,
    databaseUrl,
    redisPrefix,
    pool,
    /** The SQL this instance sent while some work ran (its relay's polls too), for query budgets. */
    statements,
    db: drizzle(pool, { schema: apiSchema }),
    /** A new user, registered and logged in: the header that authenticates as them. */
    async signedIn() {
      const user = userFactory.build();
      const registered = await http.post('/auth/register').send(user);
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const login = await http.post('/auth/login').send({ email: user.email, password: user.password });
      expect(login.status, JSON.stringify(login.body)).toBe(200);
      return {
        userId: (registered.body as { id: string }).id,
        auth: { authorization: `Bearer ${(login.body as { accessToken: string }).accessToken}` },
      };
    },
  };
}

export type ApiService = Awaited<ReturnType<typeof apiService>>;
