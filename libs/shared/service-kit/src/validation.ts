import { Ajv, type Options } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

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
