/**
 * RFC 9457 problem details. `type` is a stable, relative URI per kind of problem, so clients
 * can branch on it; `title` is fixed per type; `detail` says what happened this time.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
export const PROBLEM_CONTENT_TYPE = `${PROBLEM_MEDIA_TYPE}; charset=utf-8`;

/** Throw from a handler or repository; the error handler renders it as problem+json. */
export class ProblemError extends Error {
  override name = 'ProblemError';

  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  get type(): string {
    return problemType(this.slug);
  }
}

export const problemType = (slug: string) => `/problems/${slug}`;

export const notFound = (detail: string) => new ProblemError(404, 'not-found', 'Not Found', detail);
export const conflict = (detail: string) => new ProblemError(409, 'conflict', 'Conflict', detail);
export const unauthorized = (detail: string, slug = 'unauthorized') =>
  new ProblemError(401, slug, 'Unauthorized', detail, {}, { 'www-authenticate': 'Bearer' });
export const forbidden = (detail: string) => new ProblemError(403, 'forbidden', 'Forbidden', detail);

/**
 * A dependency (database, cache, another service) cannot answer now. Rendered as 503 with
 * Retry-After, quickly, instead of letting the request hang.
 */
export class ServiceUnavailableError extends ProblemError {
  constructor(dependency: string, detail: string, retryAfterSeconds = 5) {
    super(
      503,
      'dependency-unavailable',
      'Service Unavailable',
      detail,
      { dependency },
      {
        'retry-after': String(retryAfterSeconds),
      },
    );
  }
}
