import { pgPoolPlugin, type PgPoolPluginOptions } from '@repo/postgres-kit';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import * as schema from '../db/schema.js';

export type Database = NodePgDatabase<typeof schema>;

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

/** drizzle over the app's pg Pool. */
export const dbPlugin = fp(
  async (app: FastifyInstance, options: PgPoolPluginOptions) => {
    await app.register(pgPoolPlugin, options);
    app.decorate('db', drizzle(app.pgPool, { schema }));
  },
  { name: 'db' },
);
