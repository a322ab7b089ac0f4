import { ServiceUnavailableError, type ProblemError } from '@repo/service-kit';
import { Neo4jError } from 'neo4j-driver';

const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.ClientError.Cluster.NotALeader',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

/** "Neo4j cannot answer now" (down, unreachable, connection lost) becomes 503 with Retry-After. */
export function neo4jUnavailable(error: unknown): ProblemError | undefined {
  const unavailable =
    error instanceof Neo4jError &&
    (UNAVAILABLE.has(error.code) ||
      error.message.includes('Connection acquisition timed out') ||
      error.message.includes('Failed to connect'));
  return unavailable
    ? new ServiceUnavailableError('neo4j', 'The graph database is unavailable; retry shortly.', 2)
    : undefined;
}
