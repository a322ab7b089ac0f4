import type { FastifyInstance, RouteOptions } from 'fastify';
import { Type } from 'typebox';
import { PROBLEM_MEDIA_TYPE } from './problem.js';

/** RFC 9457 problem details, as every error response of these services is shaped. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/** A response documented as problem+json, the media type the error handler sends. */
const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_MEDIA_TYPE]: { schema: Problem } },
});

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or a field is invalid (the problem names it); nothing was written.',
  401: 'No valid token.',
  403: 'The token does not allow this.',
  404: 'Not found (or not yours).',
  409: 'Conflicts with what is stored.',
  412: 'If-Match does not match the current version.',
  413: 'The body is larger than the limit.',
  414: 'A path parameter is longer than the limit.',
  415: 'The body is not of a media type this route accepts.',
  422: 'The Idempotency-Key was used with another body.',
  428: 'This route needs If-Match.',
  429: 'Too many requests; Retry-After says when to try again.',
  500: 'Unexpected failure; the body carries the request id to quote.',
  503: 'A dependency cannot answer now; Retry-After says when to try again.',
};

const withBody = (route: RouteOptions) =>
  [route.method]
    .flat()
    .some((method) => method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE');

/**
 * Adds error statuses to a route's OpenAPI responses (problem+json). Call from an onRoute
 * hook for statuses a whole scope can answer, e.g. 401 behind a token or 429 under a rate limit.
 */
export function documentErrors(route: RouteOptions, statuses: number[]): void {
  if (!route.schema || (route.schema as { hide?: boolean }).hide) return;
  const responses = { ...(route.schema.response as Record<string, unknown> | undefined) };
  for (const status of statuses) responses[status] = problemResponse(DESCRIPTIONS[status] ?? 'An error.');
  route.schema.response = responses;
}

/**
 * Every route documents each error status it can answer, as problem+json: the ones it lists
 * itself (`404: Problem`), and those every route can give (400 for a malformed request, 500,
 * 503 while a dependency is down; 413 and 415 where a body is read, 414 with path parameters). The integration suites
 * check every response against the document, status and media type exactly, so an
 * undocumented status fails them. Call before registering routes.
 */
export function documentProblemResponses(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.schema || (route.schema as { hide?: boolean }).hide) return;
    const listed = Object.entries((route.schema.response as Record<string, unknown> | undefined) ?? {})
      .filter(([status]) => Number(status) >= 400)
      .map(([status]) => Number(status));
    const pathParameters = route.url.includes(':') ? [414] : [];
    documentErrors(route, [
      ...new Set([...listed, 400, ...pathParameters, 500, 503, ...(withBody(route) ? [413, 415] : [])]),
    ]);
  });
}
