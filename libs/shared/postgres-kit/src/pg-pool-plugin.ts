import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { createPgPool, type PostgresSettings } from './pg-pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    pgPool: pg.Pool;
  }
}

export interface PgPoolPluginOptions {
  connectionString: string;
  settings: PostgresSettings;
  /** An injected pool (tests bind one to their own database); it is not closed by the app. */
  pool?: pg.Pool;
}

/** A pg Pool for the app, checked at startup so a wrong URL fails `ready()`, not the first request. */
export const pgPoolPlugin = fp(
  async (app: FastifyInstance, options: PgPoolPluginOptions) => {
    const onIdleError = (error: Error) => app.log.warn({ err: error }, 'idle PostgreSQL connection failed');
    const pool = options.pool ?? createPgPool(options.connectionString, options.settings, onIdleError);
    if (options.pool) pool.on('error', onIdleError);
    else app.addHook('onClose', () => pool.end());
    await pool.query('SELECT 1');
    app.decorate('pgPool', pool);
  },
  { name: 'pg-pool' },
);
