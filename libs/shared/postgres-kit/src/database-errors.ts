import { ServiceUnavailableError, type ProblemError } from '@repo/service-kit';

/** PostgreSQL error codes that mean "the server cannot serve us now", not "your query is wrong". */
const UNAVAILABLE_CODES = new Set([
  // query_canceled: the statement timeout ran out (a lock or a load held it), so the server is busy.
  '57014',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08003',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
]);
const UNAVAILABLE_MESSAGES = ['timeout exceeded when trying to connect', 'Connection terminated'];

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current && chain.length < 5; current = (current as { cause?: unknown }).cause)
    chain.push(current);
  return chain;
}

/**
 * Maps "PostgreSQL is unreachable or exhausted" (pool timeout, statement timeout, refused
 * connection, server shutting down) to 503 with Retry-After. drizzle wraps driver errors, so causes are walked.
 */
export function databaseUnavailable(error: unknown): ProblemError | undefined {
  const hit = causes(error).some((cause) => {
    if (!(cause instanceof Error)) return false;
    const code = (cause as { code?: string }).code;
    return (
      (code !== undefined && UNAVAILABLE_CODES.has(code)) ||
      UNAVAILABLE_MESSAGES.some((text) => cause.message.includes(text))
    );
  });
  return hit
    ? new ServiceUnavailableError('postgres', 'The database is unavailable or busy; retry shortly.', 2)
    : undefined;
}

/** PostgreSQL's foreign_key_violation on one of the named constraints. */
export function isForeignKeyViolation(error: unknown, constraints: string[]): boolean {
  return causes(error).some(
    (cause) =>
      (cause as { code?: string }).code === '23503' &&
      constraints.includes(String((cause as { constraint?: string }).constraint)),
  );
}

/** PostgreSQL's unique_violation on the named constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return causes(error).some(
    (cause) =>
      (cause as { code?: string }).code === '23505' && (cause as { constraint?: string }).constraint === constraint,
  );
}
