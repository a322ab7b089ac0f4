import { Ajv, type Options } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { invalidField } from './problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route refuses NUL itself, in its own protocol (an MCP endpoint, as a tool error): the
     * service-wide check below leaves it alone.
     */
    refusesNulItself?: boolean;
  }
}

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

/**
 * The first string under `value` holding NUL (in a value or a key), as a path (`tags.2`), or
 * undefined. Iterative and linear: a body nested thousands deep (which no schema stopped, on a
 * route that reads no JSON) must not overflow the stack or copy its path at every level.
 */
function pathToNul(value: unknown): string[] | undefined {
  const seen: { value: unknown; parent: number; key: string }[] = [{ value, parent: -1, key: '' }];
  const pathOf = (index: number) => {
    const path: string[] = [];
    for (let at = index; at > 0; at = seen[at]!.parent) path.unshift(seen[at]!.key);
    return path;
  };
  for (let index = 0; index < seen.length; index++) {
    const current = seen[index]!.value;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return pathOf(index);
    } else if (current && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        seen.push({ value: child, parent: index, key });
        if (key.includes('\u0000')) return pathOf(seen.length - 1);
      }
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
    if (request.routeOptions.config.refusesNulItself) return;
    for (const [where, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const path = pathToNul(value);
      if (path) {
        const field = path.join('.') || where;
        const message = 'must not contain the NUL character (U+0000)';
        throw invalidField(where, field, message);
      }
    }
  });
}
