import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import neo4j, { type Driver } from 'neo4j-driver';

declare module 'fastify' {
  interface FastifyInstance {
    neo4j: Driver;
  }
}

export interface Neo4jPluginOptions {
  url: string;
  user: string;
  password: string;
  timeoutMs: number;
  /** An injected driver; it is not closed by the app. */
  driver?: Driver;
}

/**
 * A driver that fails fast: connecting, acquiring a connection and retrying a transaction
 * are all bounded by `timeoutMs`, so a dead Neo4j costs a request that much, then a 503.
 * The driver reconnects by itself when the server is back.
 */
export function createNeo4jDriver(options: Omit<Neo4jPluginOptions, 'driver'>): Driver {
  return neo4j.driver(options.url, neo4j.auth.basic(options.user, options.password), {
    connectionTimeout: options.timeoutMs,
    connectionAcquisitionTimeout: options.timeoutMs,
    maxTransactionRetryTime: options.timeoutMs,
    maxConnectionPoolSize: 50,
    disableLosslessIntegers: true,
  });
}

export const neo4jPlugin = fp(
  async (app: FastifyInstance, options: Neo4jPluginOptions) => {
    const driver = options.driver ?? createNeo4jDriver(options);
    if (!options.driver) app.addHook('onClose', () => driver.close());
    // A wrong URL or a server that is not there fails `ready()`, not the first request.
    await driver.verifyConnectivity();
    app.decorate('neo4j', driver);
  },
  { name: 'neo4j' },
);
