import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import {
  clientErrorAsProblem,
  frameworkErrorAsProblem,
  problemDetails,
  type ProblemDetailsOptions,
} from './problem-details.js';
import { documentProblemResponses } from './problem-schema.js';
import { requestIdHeader, requestIdOptions } from './request-id.js';
import { serverTimeoutOptions, type ServerTimeouts } from './server-timeouts.js';
import { rejectNulCharacters, useStrictBodyValidation } from './validation.js';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * A body the route reads itself (e.g. multipart, streamed to disk): documented as the
     * OpenAPI requestBody, never validated by Fastify (which would buffer it first).
     */
    documentedBody?: unknown;
  }
}

export interface ServiceOptions extends ProblemDetailsOptions {
  title: string;
  description: string;
  logLevel: string;
  /** The HTTP server's timeouts (the service config's `server`). */
  timeouts: ServerTimeouts;
  bodyLimitBytes: number;
  /** Where JSON log lines go (tests capture them); stdout by default. */
  logStream?: DestinationStream;
  /** Extra OpenAPI components, e.g. security schemes. */
  openApiComponents?: Record<string, unknown>;
}

/**
 * The Fastify instance every service starts from: JSON logs with request ids, strict body
 * validation, no NUL in any string a client sends, problem+json errors, and an OpenAPI document (at /openapi.json) generated
 * from the route schemas, which lists the problem responses of every route.
 */
export async function createService(options: ServiceOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: options.bodyLimitBytes,
    ...serverTimeoutOptions(options.timeouts),
    frameworkErrors: frameworkErrorAsProblem,
    clientErrorHandler: clientErrorAsProblem,
    ...requestIdOptions,
  });
  useStrictBodyValidation(app);
  rejectNulCharacters(app);
  await app.register(problemDetails, { mapError: options.mapError });
  await app.register(requestIdHeader);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: options.title, version: '1.0.0', description: options.description },
      ...(options.openApiComponents ? { components: options.openApiComponents } : {}),
    },
    transform: ({ schema, url }) => ({
      schema: schema?.documentedBody ? { ...schema, body: schema.documentedBody } : schema,
      url,
    }),
  });
  documentProblemResponses(app);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
