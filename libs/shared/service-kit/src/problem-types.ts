/**
 * Every kind of problem the services answer with. The slug is the stable part a client
 * branches on (`type` is `/problems/<slug>`); each has one status and one title, and a
 * slug not in this list does not type-check.
 */
export const PROBLEM_TYPES = {
  validation: { status: 400, title: 'Invalid Request' },
  'malformed-request': { status: 400, title: 'Bad Request' },
  /** A 4xx the framework raised that has no slug of its own (its own status is kept). */
  'client-error': { status: 400, title: 'Bad Request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  'missing-token': { status: 401, title: 'Unauthorized' },
  'invalid-token': { status: 401, title: 'Unauthorized' },
  'token-expired': { status: 401, title: 'Unauthorized' },
  'session-ended': { status: 401, title: 'Unauthorized' },
  'invalid-credentials': { status: 401, title: 'Unauthorized' },
  'invalid-refresh-token': { status: 401, title: 'Unauthorized' },
  'refresh-token-reused': { status: 401, title: 'Unauthorized' },
  'refresh-token-raced': { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not Found' },
  'method-not-allowed': { status: 405, title: 'Method Not Allowed' },
  'request-timeout': { status: 408, title: 'Request Timeout' },
  conflict: { status: 409, title: 'Conflict' },
  'stale-version': { status: 412, title: 'Precondition Failed' },
  'payload-too-large': { status: 413, title: 'Payload Too Large' },
  'uri-too-long': { status: 414, title: 'URI Too Long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported Media Type' },
  'idempotency-key-reused': { status: 422, title: 'Unprocessable Content' },
  'precondition-required': { status: 428, title: 'Precondition Required' },
  'rate-limited': { status: 429, title: 'Too Many Requests' },
  'headers-too-large': { status: 431, title: 'Request Header Fields Too Large' },
  internal: { status: 500, title: 'Internal Server Error' },
  'dependency-unavailable': { status: 503, title: 'Service Unavailable' },
  'password-hashing-busy': { status: 503, title: 'Service Unavailable' },
  'not-ready': { status: 503, title: 'Service Unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;
/** The slugs of a 401: which one tells the client whether to refresh, log in again, or fix its request. */
export type UnauthorizedSlug = {
  [K in ProblemSlug]: (typeof PROBLEM_TYPES)[K]['status'] extends 401 ? K : never;
}[ProblemSlug];
