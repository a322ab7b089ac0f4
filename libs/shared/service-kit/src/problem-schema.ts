import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

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

/**
 * Every route documents the problem+json body of its errors, so the OpenAPI document covers
 * each response a client can get (the integration suites check every response against it).
 * Call before registering routes.
 */
export function documentProblemResponses(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.schema && !(route.schema as { hide?: boolean }).hide) {
      route.schema.response = { '4xx': Problem, '5xx': Problem, ...(route.schema.response as object) };
    }
  });
}
