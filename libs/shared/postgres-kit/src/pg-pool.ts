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
