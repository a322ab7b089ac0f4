import { captureLogs, recordResponsesForOpenApi } from '@realdeps/http-testing';
import { explainFailures } from '@realdeps/http-testing/vitest';
import { createNeo4jNamespace, neo4jDriver, profileCypher } from '@realdeps/isolation';
import { buildApp, createNeo4jDriver, parseConfig, type MemoryConfigInput } from '@repo/memory';
import { signServiceToken } from '@repo/service-kit';
import supertest from 'supertest';
import { afterAll, expect, inject } from 'vitest';

export const TEST_MEMORY_TOKEN_SECRET = 'memory-integration-token-secret-32+chars';

/** A service token as the api would sign it for memory (an hour: longer than any test file). */
export const memoryToken = (namespace: string, subject = 'api', secret = TEST_MEMORY_TOKEN_SECRET) =>
  signServiceToken({ audience: 'memory', subject, namespace, secret, ttlSeconds: 3600 });

/** Headers that put a request into `namespace`: the service takes it from the token. */
export const tenantOf = async (namespace: string) => ({ authorization: `Bearer ${await memoryToken(namespace)}` });

export interface MemoryUnderTestOptions {
  config?: Partial<MemoryConfigInput>;
  /** Reach Neo4j through another address, e.g. a fault proxy. */
  neo4jUrl?: string;
}

/**
 * The real memory service, in-process, for one test file: its own namespace (removed after
 * the file), captured logs, every response checked against the OpenAPI document, and a
 * separate driver for reading the graph back with Cypher.
 */
export async function memoryUnderTest(options: MemoryUnderTestOptions = {}) {
  const server = inject('servers').neo4j!;
  const config = parseConfig({
    neo4jUrl: options.neo4jUrl ?? server.url,
    neo4jUser: server.user,
    neo4jPassword: server.password,
    logLevel: 'info',
    tokenSecret: TEST_MEMORY_TOKEN_SECRET,
    ...options.config,
  });
  const driver = createNeo4jDriver({
    url: config.neo4jUrl,
    user: config.neo4jUser,
    password: config.neo4jPassword,
    timeoutMs: config.neo4jTimeoutMs,
  });
  const cypher = await neo4jDriver(server);
  const namespace = createNeo4jNamespace(cypher);
  const extraNamespaces: ReturnType<typeof createNeo4jNamespace>[] = [];
  const logs = captureLogs();
  // Inside `profile.during(work)` the app's queries run as PROFILE, for db-hit budgets.
  const profile = profileCypher(driver);
  const app = await buildApp(config, { neo4j: profile.driver, logStream: logs.stream });
  const openApi = recordResponsesForOpenApi(app);
  // The URL has no credentials: the provider hands them over beside it.
  explainFailures(app, {
    logs,
    servers: `neo4j ${server.provider} ${config.neo4jUrl} namespace ${namespace.namespace}`,
  });
  await app.ready();

  afterAll(async () => {
    await app.close();
    await Promise.all([namespace, ...extraNamespaces].map((each) => each.cleanup()));
    await Promise.all([driver.close(), cypher.close()]);
    expect(openApi.verify(), 'responses that do not match the OpenAPI document').toEqual([]);
  });

  const http = supertest(app.server);
  const tenant = await tenantOf(namespace.namespace);
  const otherNamespace = async () => {
    const other = createNeo4jNamespace(cypher);
    extraNamespaces.push(other);
    return { namespace: other.namespace, headers: await tenantOf(other.namespace) };
  };
  return {
    app,
    http,
    namespace: namespace.namespace,
    /** Headers that put a request into this file's namespace (a service token naming it). */
    tenant,
    /** Another tenant's headers, for isolation tests (cleaned up with the file). */
    otherTenant: async () => (await otherNamespace()).headers,
    /** Another namespace and the headers that reach it (cleaned up with the file). */
    otherNamespace,
    /** Reads the graph back directly, not through the service under test. */
    cypher: async <T = Record<string, unknown>>(query: string, parameters: Record<string, unknown> = {}) =>
      (await cypher.executeQuery(query, { namespace: namespace.namespace, ...parameters })).records.map(
        (record) => record.toObject() as T,
      ),
    logs,
    /** `profile.during(work)`: each query the app ran meanwhile, with the db hits Neo4j counted. */
    profile,
    config,
    server: `neo4j ${server.provider} ${server.url} namespace ${namespace.namespace}`,
  };
}

export type MemoryUnderTest = Awaited<ReturnType<typeof memoryUnderTest>>;
