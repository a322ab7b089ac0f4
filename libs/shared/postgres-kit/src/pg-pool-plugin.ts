import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import pg from 'pg';

declare module 'fastify' {
  interface FastifyInstance {
    pgPool: pg.Pool;
  }
}

export interface PgPoolPluginOptions {
  connectionString: string;
  /** An injected pool (tests bind one to their own database); it is not closed by the app. */
  pool?: pg.Pool;
  poolMax?: number;
  /** How long a request waits for a pooled connection before it fails (and gets a 503). */
  connectionTimeoutMs?: number;
  statementTimeoutMs?: number;
}

/** A pg Pool for the app, checked at startup so a wrong URL fails `ready()`, not the first request. */
export const pgPoolPlugin = fp(
  async (app: FastifyInstance, options: PgPoolPluginOptions) => {
    const pool =
      options.pool ??
      new pg.Pool({
        connectionString: options.connectionString,
        max: options.poolMax ?? 10,
        connectionTimeoutMillis: options.connectionTimeoutMs ?? 2000,
        ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', (error) => app.log.warn({ err: error }, 'idle PostgreSQL connection failed'));
    if (!options.pool) app.addHook('onClose', () => pool.end());
    await pool.query('SELECT 1');
    app.decorate('pgPool', pool);
  },
  { name: 'pg-pool' },
);
