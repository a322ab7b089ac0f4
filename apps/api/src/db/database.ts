import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type * as schema from './schema.js';

/** drizzle over the app's pool. Passed to repositories explicitly (not decorated on Fastify). */
export type Database = NodePgDatabase<typeof schema>;
