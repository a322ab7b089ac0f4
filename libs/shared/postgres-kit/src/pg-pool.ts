import { clientOf } from '@repo/service-kit';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { Type, type Static } from 'typebox';

/** The pool settings of a service's config: the same for production and for its tests. */
export const PostgresSettings = Type.Object(
  {
    poolMax: Type.Integer({ minimum: 1, default: 10 }),
    /** How long a request waits for a pooled connection before it fails (and gets a 503). */
    connectionTimeoutMs: Type.Integer({ minimum: 1, default: 2000 }),
    /** A statement that runs longer is cancelled by the server, so a stuck query cannot hold a connection. */
    statementTimeoutMs: Type.Integer({ minimum: 1, default: 5000 }),
  },
  { default: {} },
);
export type PostgresSettings = Static<typeof PostgresSettings>;

/**
 * The one way a pg Pool is made here, by the services and by their tests alike. An idle
 * client that loses its connection is reported to `onIdleError` (the pool replaces it)
 * instead of crashing the process.
 */
export function createPgPool(
  connectionString: string,
  settings: PostgresSettings,
  onIdleError: (error: Error) => void = () => undefined,
): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: settings.poolMax,
    connectionTimeoutMillis: settings.connectionTimeoutMs,
    statement_timeout: settings.statementTimeoutMs,
  });
  pool.on('error', onIdleError);
  return pool;
}

/**
 * The app's pool (injected, or made and ended with the app), checked at startup so a wrong
 * URL fails `ready()`, not the first request.
 */
export async function connectPostgres(
  app: FastifyInstance,
  connectionString: string,
  settings: PostgresSettings,
  injected?: pg.Pool,
): Promise<pg.Pool> {
  const onIdleError = (error: Error) => app.log.warn({ err: error }, 'idle PostgreSQL connection failed');
  const pool = clientOf(
    app,
    injected,
    () => createPgPool(connectionString, settings, onIdleError),
    (made) => made.end(),
  );
  if (injected) injected.on('error', onIdleError);
  await pool.query('SELECT 1');
  return pool;
}
