import { Verifier } from '@pact-foundation/pact';
import { captureLogs } from '@realdeps/http-testing';
import { neo4jDriver } from '@realdeps/isolation';
import { pactFile, withServiceToken } from '@repo/contracts';
import { buildApp, createGraphRepository, parseConfig } from '@repo/memory';
import { afterAll, describe, inject, it } from 'vitest';
import { memoryToken, TEST_MEMORY_TOKEN_SECRET } from '../../support/memory-under-test.js';

/**
 * memory (provider) verifies the contract the api (consumer) committed: the real service on
 * a free port with a real Neo4j, each provider state seeded through the service's own
 * repository, and the state's namespace emptied before each interaction. The pact pins only
 * the shape of the api's service token; each request gets a real one for the pact's namespace.
 */
const server = inject('servers').neo4j!;
const app = await buildApp(
  parseConfig({
    neo4jUrl: server.url,
    neo4jUser: server.user,
    neo4jPassword: server.password,
    tokenSecret: TEST_MEMORY_TOKEN_SECRET,
    logLevel: 'warn',
  }),
  { logStream: captureLogs().stream },
);
const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
const driver = await neo4jDriver(server);
const graph = createGraphRepository(driver, { queryTimeoutMs: 5000 });
const namespacesUsed = new Set<string>();
/** Every interaction of the pact works in this namespace. */
const token = await memoryToken('pact-memory');

async function freshNamespace(parameters: unknown): Promise<string> {
  const namespace = String((parameters as { namespace?: string } | undefined)?.namespace ?? 'pact-memory');
  namespacesUsed.add(namespace);
  await driver.executeQuery('MATCH (e:Entity {namespace: $namespace}) DETACH DELETE e', { namespace });
  return namespace;
}

afterAll(async () => {
  for (const namespace of namespacesUsed)
    await driver.executeQuery('MATCH (e:Entity {namespace: $namespace}) DETACH DELETE e', { namespace });
  await driver.close();
  await app.close();
});

describe('memory as the provider for the api', () => {
  it('honours every interaction in the committed api-memory pact', async () => {
    await new Verifier({
      provider: 'memory',
      providerBaseUrl: baseUrl,
      pactUrls: [pactFile('api', 'memory')],
      logLevel: 'warn',
      requestFilter: withServiceToken(token),
      stateHandlers: {
        'an entity named Ada exists': async (parameters?: unknown) => {
          const namespace = await freshNamespace(parameters);
          await graph.createEntities(namespace, [
            { name: 'Ada', entityType: 'person', observations: ['wrote the first program'] },
          ]);
          return undefined;
        },
        'Ada knows Babbage': async (parameters?: unknown) => {
          const namespace = await freshNamespace(parameters);
          await graph.createEntities(namespace, [
            { name: 'Ada', entityType: 'person', observations: [] },
            { name: 'Babbage', entityType: 'person', observations: ['designed the analytical engine'] },
          ]);
          await graph.createRelations(namespace, [{ from: 'Ada', to: 'Babbage', relationType: 'knows' }]);
          return undefined;
        },
        'there is no entity named Nobody': async (parameters?: unknown) => {
          await freshNamespace(parameters);
          return undefined;
        },
      },
    }).verifyProvider();
  });
});
