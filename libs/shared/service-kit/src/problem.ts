import { PROBLEM_TYPES, type ProblemSlug, type UnauthorizedSlug } from './problem-types.js';

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
  readonly status: number;
  readonly title: string;

  constructor(
    readonly slug: ProblemSlug,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    ({ status: this.status, title: this.title } = PROBLEM_TYPES[slug]);
  }

  get type(): string {
    return problemType(this.slug);
  }
}

export const problemType = (slug: ProblemSlug) => `/problems/${slug}`;

/** The body of a problem of this kind, for answers sent without throwing (health, 404 of no route). */
export const problemBody = (
  slug: ProblemSlug,
  detail: string,
  extensions: Record<string, unknown> = {},
): ProblemBody => ({
  type: problemType(slug),
  ...PROBLEM_TYPES[slug],
  detail,
  ...extensions,
});

export const notFound = (detail: string) => new ProblemError('not-found', detail);
export const conflict = (detail: string) => new ProblemError('conflict', detail);
export const unauthorized = (detail: string, slug: UnauthorizedSlug = 'unauthorized') =>
  new ProblemError(slug, detail, {}, { 'www-authenticate': 'Bearer' });

/** A 400 naming the one field that is wrong (`where`: body, querystring, params or headers). */
export const invalidField = (where: string, field: string, message: string) =>
  new ProblemError('validation', `${where}.${field} ${message}`, { errors: [{ in: where, field, message }] });
export const forbidden = (detail: string) => new ProblemError('forbidden', detail);

/**
 * A dependency (database, cache, another service) cannot answer now. Rendered as 503 with
 * Retry-After, quickly, instead of letting the request hang.
 */
export class ServiceUnavailableError extends ProblemError {
  constructor(dependency: string, detail: string, retryAfterSeconds = 5) {
    super(
      'dependency-unavailable',
      detail,
      { dependency },
      {
        'retry-after': String(retryAfterSeconds),
      },
    );
  }
}
