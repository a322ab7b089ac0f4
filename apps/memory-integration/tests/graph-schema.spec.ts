import { startLocalNeo4j } from '@realdeps/provisioning';
import { buildApp, createNeo4jDriver, parseConfig } from '@repo/memory';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_MEMORY_TOKEN_SECRET } from '../support/memory-under-test.js';

// Its own Neo4j: this file takes the schema away, which the shared server must keep.
const server = await startLocalNeo4j();
const driver = createNeo4jDriver({ url: server.info.url, user: 'neo4j', password: '', timeoutMs: 3000 });
afterAll(async () => {
  await driver.close();
  await server.stop();
});
const config = parseConfig({ neo4jUrl: server.info.url, tokenSecret: TEST_MEMORY_TOKEN_SECRET, logLevel: 'silent' });

describe('the graph schema at startup', () => {
  // One scenario in order (a shuffled run must not start with the index gone): refused, then fixed.
  it('refuses to start when an index on (namespace, name) blocks the uniqueness constraint, naming it; starts, with the constraint, once that index is gone', async () => {
    await driver.executeQuery('CREATE INDEX entity_lookup FOR (e:Entity) ON (e.namespace, e.name)');

    await expect(buildApp(config, { neo4j: driver })).rejects.toThrow(
      'the index entity_lookup on the same properties blocks it: DROP INDEX entity_lookup, then start again.',
    );

    await driver.executeQuery('DROP INDEX entity_lookup');
    const app = await buildApp(config, { neo4j: driver });
    await app.close();

    const { records } = await driver.executeQuery(
      "SHOW CONSTRAINTS YIELD name WHERE name = 'entity_name_per_namespace'",
    );
    expect(records).toHaveLength(1);
  });
});
