import { Ajv, type Options } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problem.js';

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

function ajv(options: Options): Ajv {
  // strict: false because TypeBox adds its own annotations to schemas.
  return addFormats(new Ajv({ strict: false, useDefaults: true, removeAdditional: false, ...options }));
}

/**
 * Request validation as an API should do it: the JSON body is taken as sent (`{"title": 0}`
 * is a 400, not the title "0"), while the querystring, params and headers, which are always
 * text on the wire, are coerced to their declared types. Unknown properties are rejected,
 * never silently dropped. Call before registering routes.
 */
export function useStrictBodyValidation(app: FastifyInstance): void {
  const body = ajv({ coerceTypes: false });
  const text = ajv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema));
}

/** The first string under `value` holding NUL, as a dotted path (`tags.2`), or undefined. */
function pathToNul(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = key.includes('\u0000') ? [...path, key] : pathToNul(child, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * PostgreSQL's text cannot hold NUL (U+0000): a string with one made the database fail the
 * request, a 500. Every string a client sends (body, querystring, params) is refused with a
 * 400 naming the field before a handler sees it. Call before registering routes.
 */
export function rejectNulCharacters(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    for (const [where, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const path = pathToNul(value);
      if (path) {
        const field = path.join('.') || where;
        const message = 'must not contain the NUL character (U+0000)';
        throw new ProblemError(400, 'validation', 'Invalid Request', `${where}.${field} ${message}`, {
          errors: [{ in: where, field, message }],
        });
      }
    }
  });
}
