import { ProblemError } from '@repo/service-kit';

const NAMESPACE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The tenant a request works in, from the `x-namespace` header. Every node and relation
 * carries it; no query crosses it.
 */
export function namespaceFrom(headers: Record<string, string | string[] | undefined>): string {
  const value = headers['x-namespace'];
  if (typeof value === 'string' && NAMESPACE.test(value)) return value;
  const problem = value === undefined ? 'is required' : 'must be 1-64 letters, digits, "_" or "-"';
  throw new ProblemError(400, 'validation', 'Invalid Request', `headers.x-namespace ${problem}`, {
    errors: [{ in: 'headers', field: 'x-namespace', message: problem }],
  });
}
