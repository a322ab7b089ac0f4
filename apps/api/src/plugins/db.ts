import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import pg from 'pg';
import * as schema from '../db/schema.js';

export type Database = NodePgDatabase<typeof schema>;

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    pgPool: pg.Pool;
  }
}

export interface DbPluginOptions {
  connectionString: string;
  /** An injected pool (tests bind one to their own database); it is not closed by the app. */
  pool?: pg.Pool;
  poolMax: number;
  connectionTimeoutMs: number;
  statementTimeoutMs: number;
}

/** drizzle over a pg Pool. The pool is checked at startup, so a wrong URL fails `ready()`. */
export const dbPlugin = fp(
  async (app: FastifyInstance, options: DbPluginOptions) => {
    const pool =
      options.pool ??
      new pg.Pool({
        connectionString: options.connectionString,
        max: options.poolMax,
        connectionTimeoutMillis: options.connectionTimeoutMs,
        statement_timeout: options.statementTimeoutMs,
      });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', (error) => app.log.warn({ err: error }, 'idle PostgreSQL connection failed'));
    if (!options.pool) app.addHook('onClose', () => pool.end());
    await pool.query('SELECT 1');
    app.decorate('pgPool', pool);
    app.decorate('db', drizzle(pool, { schema }));
  },
  { name: 'db' },
);
