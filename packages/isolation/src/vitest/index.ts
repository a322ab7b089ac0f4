import type { ProvidedServers } from '@realdeps/provisioning/vitest';
import type pg from 'pg';
import { afterAll, inject, test } from 'vitest';
import { createNeo4jNamespace, neo4jDriver } from '../neo4j-namespace.js';
import { createIsolatedDatabase, type IsolatedDatabase } from '../postgres-database.js';
import { createRedisNamespace, type RedisNamespace } from '../redis-namespace.js';
// Brings the `postgresTemplates` entry of ProvidedContext into scope for inject().
import './global-setup.js';

function provided<K extends keyof ProvidedServers>(kind: K): NonNullable<ProvidedServers[K]> {
  const server = inject('servers')[kind];
  if (!server) {
    throw new Error(
      `This test needs ${kind}, but the project's globalSetup did not start it: add '${kind}' to setupServers({ servers }).`,
    );
  }
  return server;
}

/** A database of this test file's own, cloned from a template (by default the first); dropped after the file. */
export async function useIsolatedDatabase(template?: string): Promise<IsolatedDatabase> {
  const templates = inject('postgresTemplates');
  const info = template === undefined ? Object.values(templates)[0] : templates[template];
  if (!info)
    throw new Error(
      `No PostgreSQL template ${template ?? ''} among [${Object.keys(templates).join(', ')}]: list it in postgresTemplate(...) in the project's globalSetup.`,
    );
  const database = await createIsolatedDatabase(info);
  afterAll(() => database.drop());
  return database;
}

/** A Redis key prefix of this test file's own; its keys are deleted after the file. */
export async function useRedisNamespace(): Promise<RedisNamespace> {
  const namespace = await createRedisNamespace(provided('redis').url);
  afterAll(() => namespace.cleanup());
  return namespace;
}

/**
 * `graphTest` gives each test a Neo4j namespace of its own (removed after the test) and a
 * driver shared by the file.
 */
export const graphTest = test
  .extend('neo4j', { scope: 'file' }, async ({}, { onCleanup }) => {
    const driver = await neo4jDriver(provided('neo4j'));
    onCleanup(() => driver.close());
    return driver;
  })
  .extend('namespace', async ({ neo4j }, { onCleanup }) => {
    const namespace = createNeo4jNamespace(neo4j);
    onCleanup(() => namespace.cleanup());
    return namespace.namespace;
  });

/**
 * `rollbackTest(() => pool)` gives each test a client inside a transaction that is rolled
 * back afterwards: for repository-level tests that need no committed data.
 */
export function rollbackTest(pool: () => pg.Pool) {
  return test.extend('tx', async ({}, { onCleanup }) => {
    const client = await pool().connect();
    onCleanup(async () => {
      await client.query('ROLLBACK');
      client.release();
    });
    await client.query('BEGIN');
    return client;
  });
}
