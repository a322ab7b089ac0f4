import { clientOf } from '@repo/service-kit';
import type { FastifyInstance } from 'fastify';
import neo4j, { type Driver } from 'neo4j-driver';

export interface Neo4jOptions {
  url: string;
  user: string;
  password: string;
  timeoutMs: number;
}

/**
 * A driver that fails fast: connecting, acquiring a connection and retrying a transaction
 * are all bounded by `timeoutMs`, so a dead Neo4j costs a request that much, then a 503.
 * The driver reconnects by itself when the server is back. Production and the tests make it here.
 */
export function createNeo4jDriver(options: Neo4jOptions): Driver {
  return neo4j.driver(options.url, neo4j.auth.basic(options.user, options.password), {
    connectionTimeout: options.timeoutMs,
    connectionAcquisitionTimeout: options.timeoutMs,
    maxTransactionRetryTime: options.timeoutMs,
    maxConnectionPoolSize: 50,
    disableLosslessIntegers: true,
  });
}

/** The app's driver (injected, or made and closed with the app), checked so a wrong URL fails startup. */
export async function connectNeo4j(app: FastifyInstance, options: Neo4jOptions, injected?: Driver): Promise<Driver> {
  const driver = clientOf(
    app,
    injected,
    () => createNeo4jDriver(options),
    (made) => made.close(),
  );
  await driver.verifyConnectivity();
  return driver;
}
