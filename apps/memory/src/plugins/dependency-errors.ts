import { ServiceUnavailableError, type ProblemError } from '@repo/service-kit';
import { Neo4jError } from 'neo4j-driver';

const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.ClientError.Cluster.NotALeader',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

/** Neo4j stopped a transaction that ran past its budget (neo4jQueryTimeoutMs). */
const TIMED_OUT = /^Neo\.ClientError\.Transaction\.TransactionTimedOut/;

/** "Neo4j cannot answer now" (down, unreachable, connection lost, out of time) becomes 503 with Retry-After. */
export function neo4jUnavailable(error: unknown): ProblemError | undefined {
  if (error instanceof Neo4jError && TIMED_OUT.test(error.code)) {
    return new ServiceUnavailableError('neo4j', 'The graph query ran out of time and was stopped; retry shortly.', 2);
  }
  const unavailable =
    error instanceof Neo4jError &&
    (UNAVAILABLE.has(error.code) ||
      error.message.includes('Connection acquisition timed out') ||
      error.message.includes('Failed to connect'));
  return unavailable
    ? new ServiceUnavailableError('neo4j', 'The graph database is unavailable; retry shortly.', 2)
    : undefined;
}
