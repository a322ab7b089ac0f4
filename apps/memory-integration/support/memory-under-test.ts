import { captureLogs, recordResponsesForOpenApi } from '@repo/http-testing';
import { createNeo4jNamespace, neo4jDriver } from '@repo/isolation';
import { buildApp, createNeo4jDriver, parseConfig, type MemoryConfigInput } from '@repo/memory';
import supertest from 'supertest';
import { afterAll, expect, inject } from 'vitest';

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
    ...options.config,
  });
  const driver = createNeo4jDriver({
    url: config.neo4jUrl,
    user: config.neo4jUser,
    password: config.neo4jPassword,
    timeoutMs: config.neo4jTimeoutMs,
  });
  const cypher = neo4jDriver(server);
  const namespace = createNeo4jNamespace(cypher);
  const extraNamespaces: ReturnType<typeof createNeo4jNamespace>[] = [];
  const logs = captureLogs();
  const app = await buildApp(config, { neo4j: driver, logStream: logs.stream });
  const openApi = recordResponsesForOpenApi(app);
  await app.ready();

  afterAll(async () => {
    await app.close();
    await Promise.all([namespace, ...extraNamespaces].map((each) => each.cleanup()));
    await Promise.all([driver.close(), cypher.close()]);
    expect(openApi.verify(), 'responses that do not match the OpenAPI document').toEqual([]);
  });

  const http = supertest(app.server);
  return {
    app,
    http,
    namespace: namespace.namespace,
    /** Headers that put a request into this file's namespace. */
    tenant: { 'x-namespace': namespace.namespace },
    /** Another tenant's headers, for isolation tests (cleaned up with the file). */
    otherTenant: () => {
      const other = createNeo4jNamespace(cypher);
      extraNamespaces.push(other);
      return { 'x-namespace': other.namespace };
    },
    /** Reads the graph back directly, not through the service under test. */
    cypher: async <T = Record<string, unknown>>(query: string, parameters: Record<string, unknown> = {}) =>
      (await cypher.executeQuery(query, { namespace: namespace.namespace, ...parameters })).records.map(
        (record) => record.toObject() as T,
      ),
    logs,
    config,
    server: `neo4j ${server.provider} ${server.url} namespace ${namespace.namespace}`,
  };
}

export type MemoryUnderTest = Awaited<ReturnType<typeof memoryUnderTest>>;
