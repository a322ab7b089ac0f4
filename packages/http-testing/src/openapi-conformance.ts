import type {} from '@fastify/swagger';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

interface RecordedResponse {
  method: string;
  /** The route as declared, e.g. `/notes/:id`. */
  route: string;
  status: number;
  contentType: string;
  body: string;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>
  >;
  components?: { schemas?: Record<string, object> };
}

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;
const toOpenApiPath = (route: string) => route.replace(/:(\w+)/g, '{$1}');

/**
 * Records every response the service sends during a test file; `verify()` checks each
 * against the OpenAPI document the service generates from its route schemas. A route whose
 * response drifts from its schema (an undocumented status, a missing or mistyped field) is
 * reported with what was sent. Call before `app.ready()`.
 */
export function recordResponsesForOpenApi(app: FastifyInstance) {
  const recorded: RecordedResponse[] = [];
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    // Routes hidden from the document (the OpenAPI route itself, protocol endpoints such as MCP) are not its business.
    const hidden = (request.routeOptions.schema as { hide?: boolean } | undefined)?.hide === true;
    if (route && !hidden && typeof payload === 'string') {
      recorded.push({
        method: request.method.toLowerCase(),
        route,
        status: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? ''),
        body: payload,
      });
    }
    return payload;
  });

  return {
    count: () => recorded.length,
    /** Problems found, as sentences; empty when every response matched the document. */
    verify(): string[] {
      const document = app.swagger() as unknown as OpenApiDocument;
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats(ajv);
      const validators = new Map<object, ValidateFunction>();
      const problems: string[] = [];
      for (const response of recorded.splice(0)) {
        const operation = document.paths[toOpenApiPath(response.route)]?.[response.method];
        const where = `${response.method.toUpperCase()} ${response.route} -> ${response.status}`;
        if (!operation) {
          problems.push(`${where}: the route is not in the OpenAPI document`);
          continue;
        }
        // Exactly: a "4XX" range would let any client error through undocumented.
        const documented = operation.responses?.[String(response.status)];
        if (!documented) {
          problems.push(`${where}: status not documented`);
          continue;
        }
        const mediaType = response.contentType.split(';')[0]!.trim();
        const content = documented.content ?? {};
        // A 204 has no body, whatever Fastify's onSend sees.
        if (response.status === 204) continue;
        if (response.body !== '' && !(mediaType in content)) {
          problems.push(
            `${where}: sent as ${mediaType || 'no media type'}, documented as ${Object.keys(content).join(', ') || 'no body'}`,
          );
          continue;
        }
        const schema = content[mediaType]?.schema;
        if (!schema || response.body === '') continue;
        let validate = validators.get(schema);
        if (!validate) {
          validate = ajv.compile(schema);
          validators.set(schema, validate);
        }
        let body: unknown;
        try {
          body = JSON.parse(response.body);
        } catch {
          problems.push(`${where}: body is not JSON: ${response.body.slice(0, 200)}`);
          continue;
        }
        if (!validate(body)) {
          problems.push(`${where}: ${ajv.errorsText(validate.errors)}; body: ${response.body.slice(0, 300)}`);
        }
      }
      return problems;
    },
  };
}
