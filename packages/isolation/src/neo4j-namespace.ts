import { importOptionalPeer } from '@realdeps/provisioning';
import type { Driver } from 'neo4j-driver';

const PACKAGE_JSON = new URL('../package.json', import.meta.url);

export interface Neo4jConnectionInfo {
  url: string;
  user: string;
  password: string;
}

/** A driver for a provisioned server (a server with auth off ignores the credentials). */
export async function neo4jDriver(server: Neo4jConnectionInfo): Promise<Driver> {
  const { default: neo4j } = await importOptionalPeer<typeof import('neo4j-driver')>(
    'neo4j-driver',
    'A Neo4j driver for tests',
    PACKAGE_JSON,
  );
  return neo4j.driver(server.url, neo4j.auth.basic(server.user, server.password), {
    connectionTimeout: 5000,
    maxTransactionRetryTime: 5000,
    // Tests compare counts with plain numbers; their graphs never need 64-bit integers.
    disableLosslessIntegers: true,
  });
}

export interface Neo4jNamespace {
  /** Put it on every node the test creates, as the `namespace` property. */
  namespace: string;
  /** Deletes every node (and its relationships) in the namespace. */
  cleanup(): Promise<void>;
}

/**
 * Neo4j Community has one user database, so tests isolate by a namespace property carried
 * on every node; cleanup removes the namespace's nodes.
 */
export function createNeo4jNamespace(driver: Driver): Neo4jNamespace {
  const namespace = `it_${Math.random().toString(36).slice(2, 10)}`;
  return {
    namespace,
    cleanup: async () => {
      await driver.executeQuery('MATCH (n {namespace: $namespace}) DETACH DELETE n', { namespace });
    },
  };
}
