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

/** drizzle over a pg Pool (injected by tests, or created and closed here), checked at startup. */
export const dbPlugin = fp(
  async (app: FastifyInstance, options: { connectionString: string; pool?: pg.Pool }) => {
    const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 10, connectionTimeoutMillis: 2000 });
    pool.on('error', (error) => app.log.warn({ err: error }, 'idle PostgreSQL connection failed'));
    if (!options.pool) app.addHook('onClose', () => pool.end());
    await pool.query('SELECT 1');
    app.decorate('pgPool', pool);
    app.decorate('db', drizzle(pool, { schema }));
  },
  { name: 'db' },
);
