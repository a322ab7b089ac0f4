import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_TYPES, type ProblemSlug } from './problem-types.js';
import { PROBLEM_CONTENT_TYPE, problemBody, ProblemError, problemType, type ProblemBody } from './problem.js';

interface ValidationIssue {
  in: string;
  field: string;
  message: string;
}

/** Turns Ajv's errors into "which field, what is wrong", e.g. `{ in: 'body', field: 'title' }`. */
function validationIssues(error: FastifyError): ValidationIssue[] {
  const where = error.validationContext ?? 'request';
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as Record<string, unknown>;
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const child = (params.missingProperty ?? params.additionalProperty) as string | undefined;
    const field = [path, child].filter(Boolean).join('.') || where;
    const message =
      issue.keyword === 'additionalProperties'
        ? 'is not allowed'
        : issue.keyword === 'required'
          ? 'is required'
          : (issue.message ?? 'is invalid');
    return { in: where, field, message };
  });
}

/** Errors Fastify raises itself, mapped to stable problem types. */
const FASTIFY_CODES: Record<string, ProblemSlug> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed-request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-request',
  FST_ERR_BAD_URL: 'malformed-request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri-too-long',
};

export interface ProblemDetailsOptions {
  /** Recognises a service's own failures, e.g. "the database is unreachable" -> 503. */
  mapError?: (error: unknown) => ProblemError | undefined;
}

function toProblem(
  original: FastifyError,
  request: FastifyRequest,
  options: ProblemDetailsOptions,
): { body: ProblemBody; headers: Record<string, string> } {
  const error = (options.mapError?.(original) ?? original) as FastifyError;
  const context = { instance: request.url, requestId: request.id };
  if (error instanceof ProblemError) {
    return {
      body: {
        type: error.type,
        title: error.title,
        status: error.status,
        detail: error.message,
        ...context,
        ...error.extensions,
      },
      headers: error.headers,
    };
  }
  if (error.validation) {
    const errors = validationIssues(error);
    const first = errors[0];
    return {
      body: problemBody('validation', first ? `${first.in}.${first.field} ${first.message}` : error.message, {
        ...context,
        errors,
      }),
      headers: {},
    };
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    return {
      body: problemBody(
        'internal',
        'The server failed to handle this request; quote the requestId when you report it.',
        { ...context },
      ),
      headers: {},
    };
  }
  const known =
    FASTIFY_CODES[error.code] ??
    (status === 400 && error instanceof SyntaxError ? FASTIFY_CODES.FST_ERR_CTP_INVALID_JSON_BODY : undefined);
  const slug = known ?? (status === 429 ? 'rate-limited' : 'client-error');
  const { title } = PROBLEM_TYPES[slug];
  return { body: { type: problemType(slug), title, status, detail: error.message, ...context }, headers: {} };
}

/**
 * The one error policy: every failure becomes `application/problem+json`. 4xx details are
 * specific; 5xx bodies say nothing about internals, and the error is logged with the request id.
 */
export const problemDetails = fp(
  async (app: FastifyInstance, options: ProblemDetailsOptions) => {
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { body, headers } = toProblem(error, request, options);
      if (body.status === 503) {
        request.log.warn({ err: error, problem: body.type }, 'dependency unavailable');
      } else if (body.status >= 500) {
        request.log.error({ err: error }, 'request failed');
      } else {
        request.log.info({ problem: body.type, detail: body.detail }, 'request rejected');
      }
      return reply.status(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(body);
    });
    app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
      reply
        .status(404)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          problemBody('not-found', `No route for ${request.method} ${request.url.split('?')[0]}`, {
            instance: request.url,
            requestId: request.id,
          }),
        ),
    );
  },
  { name: 'problem-details' },
);

/**
 * Fastify's `frameworkErrors`: errors raised while routing, before any hook or handler (a
 * malformed percent-escape, a path parameter over maxParamLength), in the same shape.
 */
export function frameworkErrorAsProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { body } = toProblem(error, request, {});
  request.log.info({ problem: body.type, detail: body.detail }, 'request rejected');
  void reply.status(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

const CLIENT_ERRORS: Record<string, [status: number, slug: ProblemSlug, detail: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers-too-large', 'The request headers (or the URL) are larger than the server reads.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request-timeout', 'The request did not arrive in time.'],
};

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused the bytes (headers or URL too
 * large, not HTTP), so there is no request or reply, only the socket. The answer is still
 * problem+json, and the connection is closed.
 */
export function clientErrorAsProblem(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, slug, detail] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'malformed-request',
    'The request is not valid HTTP.',
  ];
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const body = JSON.stringify({ type: problemType(slug), title, status, detail } satisfies ProblemBody);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
