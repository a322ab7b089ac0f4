import type {} from '@fastify/swagger';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { hostileString, sometimesHostile, validValue, type JsonSchema } from './fuzz-values.js';

/**
 * Schema-driven fuzzing of a Fastify service: every operation of its OpenAPI document gets
 * generated requests (values from its schemas, then the same with one part made hostile:
 * wrong types, sizes, unicode with NUL and control characters, deep nesting, wrong content
 * types, broken multipart, odd headers and path parameters), sent through the whole service
 * (routing, parsers, hooks, handlers, the real databases) with `inject`. Each answer must be
 * below 500, on time, problem+json when it is an error, and documented for the operation; an
 * operation whose every answer was 401 fails too (the fuzz never reached its handler).
 * (inject skips Node's HTTP parser: header and URL size limits are tested over real sockets
 * in the services' own suites.)
 */

interface Operation {
  method: string;
  path: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, unknown>;
}

export interface FuzzOptions {
  app: FastifyInstance;
  /** Requests per operation. */
  runs: number;
  seed: number;
  /** Headers most requests carry (a valid token, say), so they get past authentication. */
  headers?: (operation: string) => Record<string, string>;
  /** Operations left out, as "METHOD /path". */
  skip?: string[];
  /** Only these operations, as "METHOD /path": one a suite alone can reach (its dependency runs there). */
  only?: string[];
  /** Values that exist, for path parameters by name: some requests use them, to reach deeper. */
  knownValues?: Record<string, string[]>;
  /** An answer slower than this counts as a hang. */
  timeoutMs?: number;
}

export interface OperationReport {
  operation: string;
  requests: number;
  /** How many answers had each status ("hang" for none in time). */
  statuses: Record<string, number>;
  /** 5xx, hangs, errors not in problem+json, undocumented statuses: each with its request. */
  failures: string[];
}

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** A query value as it travels: text (arrays become repeated keys). */
const asParameter = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).map((each) => (typeof each === 'string' ? each : JSON.stringify(each)));

/** Percent-encodes a path segment; a lone surrogate (which cannot be encoded) becomes raw UTF-8 bytes. */
const encodeSegment = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80';
  }
};

const hostilePathSegment = fc.oneof(
  hostileString.map(encodeSegment),
  fc.constantFrom('%', '%zz', '%00', '%C0%AF', '..', '%2e%2e%2f', 'a'.repeat(150), '%F0%9F%A7%AA', ';', '%20'),
);

type InjectMethod = NonNullable<InjectOptions['method']>;

interface GeneratedRequest {
  method: InjectMethod;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const BOUNDARY = 'fuzzboundary';
const multipart = (
  parts: { name: string; filename?: string; type?: string; content: string | Buffer }[],
  close = true,
) =>
  Buffer.concat([
    ...parts.flatMap((part) => [
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"` +
          (part.filename === undefined ? '' : `; filename="${part.filename}"`) +
          '\r\n' +
          (part.type ? `Content-Type: ${part.type}\r\n` : '') +
          '\r\n',
      ),
      Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content),
      Buffer.from('\r\n'),
    ]),
    Buffer.from(close ? `--${BOUNDARY}--\r\n` : ''),
  ]);

/** Multipart bodies, well formed and not: the uploads a hostile client sends. */
const multipartBody = fc.oneof(
  fc
    .record({
      filename: fc.oneof(fc.constantFrom('notes.md', 'page.html', 'data.json', 'a.txt'), hostileString),
      type: fc.oneof(
        fc.constantFrom('text/markdown', 'text/html', 'application/json', 'text/plain', 'application/pdf'),
        hostileString,
      ),
      content: fc.oneof(
        hostileString,
        fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
        fc.constantFrom('{"a":"\\u0000"}', '<<<<<<<<', '# Title\n\nSome text about tides.'),
      ),
      name: fc.oneof({ weight: 4, arbitrary: fc.constant('file') }, { weight: 1, arbitrary: hostileString }),
      close: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    })
    .map(({ close, ...part }) => ({
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      payload: multipart([part], close),
    })),
  fc.constantFrom(
    { contentType: 'multipart/form-data', payload: Buffer.from('no boundary at all') },
    { contentType: `multipart/form-data; boundary=${BOUNDARY}`, payload: Buffer.from('') },
    {
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      payload: multipart([
        { name: 'file', filename: 'a.md', type: 'text/markdown', content: '# a' },
        { name: 'file', filename: 'b.md', type: 'text/markdown', content: '# b' },
      ]),
    },
    {
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      payload: multipart([{ name: 'note', content: 'a field, no file' }]),
    },
  ),
);

/** A body in another media type than the route reads, or not what its media type says. */
const wrongBody = fc.constantFrom(
  { contentType: 'text/plain', payload: 'just text' },
  { contentType: 'application/x-www-form-urlencoded', payload: 'a=1&b=2' },
  { contentType: 'application/json', payload: '{"unterminated": ' },
  { contentType: 'application/json', payload: '' },
  { contentType: 'application/json; charset=latin1', payload: '{}' },
  { contentType: 'application/xml', payload: '<a/>' },
  { contentType: 'application/json', payload: '\u0000' },
  { contentType: 'application/json', payload: '{"a":1,"a":2}' },
  { contentType: 'application/json', payload: `${'['.repeat(5000)}${']'.repeat(5000)}` },
);

function requestsFor(operation: Operation, options: FuzzOptions, name: string): fc.Arbitrary<GeneratedRequest> {
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
  const body = operation.requestBody?.content;
  const bodyType = body ? Object.keys(body)[0] : undefined;
  const usualHeaders = options.headers?.(name) ?? {};

  const pathValue = (parameter: { name: string; schema?: JsonSchema }) => {
    const known = options.knownValues?.[parameter.name] ?? [];
    return fc.oneof(
      { weight: 3, arbitrary: validValue(parameter.schema ?? {}).map((value) => encodeSegment(String(value))) },
      { weight: 2, arbitrary: hostilePathSegment },
      ...(known.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...known.map(encodeSegment)) }] : []),
    );
  };
  const path = fc
    .tuple(...pathParameters.map(pathValue))
    .map((values) =>
      pathParameters.reduce(
        (url, parameter, index) => url.replace(`{${parameter.name}}`, values[index]!),
        operation.path,
      ),
    );
  const query = fc
    .tuple(
      fc.tuple(...queryParameters.map((parameter) => fc.option(sometimesHostile(parameter.schema ?? {}), { freq: 3 }))),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(hostileString, hostileString) },
      ),
    )
    .map(([values, extra]) => {
      const search = new URLSearchParams();
      queryParameters.forEach((parameter, index) => {
        const value = values[index];
        if (value !== null && value !== undefined)
          for (const each of asParameter(value)) search.append(parameter.name, each);
      });
      if (extra) search.append(extra[0], extra[1]);
      const text = search.toString();
      return text ? `?${text}` : '';
    });
  const jsonBody = (schema: JsonSchema) =>
    sometimesHostile(schema).map((value) => ({
      contentType: 'application/json',
      payload: JSON.stringify(value) ?? 'null',
    }));
  const payload: fc.Arbitrary<{ contentType?: string; payload?: string | Buffer }> = !body
    ? fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: wrongBody })
    : bodyType === 'multipart/form-data'
      ? fc.oneof({ weight: 5, arbitrary: multipartBody }, { weight: 1, arbitrary: wrongBody })
      : fc.oneof(
          { weight: 6, arbitrary: jsonBody(body[bodyType!]?.schema ?? {}) },
          { weight: 1, arbitrary: wrongBody },
        );
  const headers = fc.oneof(
    { weight: 8, arbitrary: fc.constant(usualHeaders) },
    { weight: 1, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('authorization', 'x-request-id', 'if-match', 'idempotency-key', 'accept', 'x-namespace'),
          fc.oneof(hostileString, fc.constantFrom('Bearer', 'Bearer a.b.c', 'Basic Og==', 'W/"1"', '*')),
        )
        // inject refuses header values Node would never send: keep the ones it takes.
        .filter(([, value]) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value))
        .map(([header, value]) => ({ ...usualHeaders, [header]: value })),
    },
  );
  return fc.tuple(path, query, payload, headers).map(([url, search, content, extraHeaders]) => ({
    method: operation.method.toUpperCase() as InjectMethod,
    url: `${url}${search}`,
    headers: { ...extraHeaders, ...(content.contentType ? { 'content-type': content.contentType } : {}) },
    ...(content.payload === undefined ? {} : { payload: content.payload }),
  }));
}

const describeRequest = (request: GeneratedRequest) =>
  `${request.method} ${request.url.slice(0, 200)} ${request.headers['content-type'] ?? ''} ${String(request.payload ?? '').slice(0, 200)}`;

/** Fuzzes every operation of the app's OpenAPI document; the reports say what came back. */
export async function fuzzOpenApi(options: FuzzOptions): Promise<OperationReport[]> {
  const document = options.app.swagger() as unknown as {
    paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  };
  const timeoutMs = options.timeoutMs ?? 15_000;
  const reports: OperationReport[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, described] of Object.entries(methods)) {
      const operation = { ...described, method, path };
      const name = `${method.toUpperCase()} ${path}`;
      if (options.skip?.includes(name) || (options.only && !options.only.includes(name))) continue;
      const report: OperationReport = { operation: name, requests: 0, statuses: {}, failures: [] };
      const requests = fc.sample(requestsFor(operation, options, name), { numRuns: options.runs, seed: options.seed });
      for (const request of requests) {
        report.requests++;
        let timer: NodeJS.Timeout | undefined;
        const answer = await Promise.race([
          options.app.inject(request),
          new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), timeoutMs))),
        ]).finally(() => clearTimeout(timer));
        if (answer === 'hang') {
          report.statuses.hang = (report.statuses.hang ?? 0) + 1;
          report.failures.push(`no answer within ${timeoutMs} ms: ${describeRequest(request)}`);
          continue;
        }
        const status = String(answer.statusCode);
        report.statuses[status] = (report.statuses[status] ?? 0) + 1;
        const mediaType = String(answer.headers['content-type'] ?? '').split(';')[0];
        if (answer.statusCode >= 500)
          report.failures.push(`${status}: ${describeRequest(request)} -> ${answer.body.slice(0, 300)}`);
        else if (answer.statusCode >= 400 && mediaType !== PROBLEM_MEDIA_TYPE)
          report.failures.push(`${status} as ${mediaType || 'no media type'}: ${describeRequest(request)}`);
        else if (!(status in operation.responses))
          report.failures.push(`${status} undocumented: ${describeRequest(request)}`);
      }
      // A fuzz that only ever got 401 tested the authentication, not the operation.
      if (report.statuses['401'] === report.requests)
        report.failures.push('every request was refused as unauthenticated: none reached the handler');
      reports.push(report);
    }
  }
  return reports;
}

/** Every failure, up to five per operation, each naming its operation: what a test expects to be empty. */
export const fuzzFailures = (reports: OperationReport[]) =>
  reports.flatMap((report) => report.failures.slice(0, 5).map((failure) => `${report.operation}: ${failure}`));

/** The reports as a Markdown table: operation, requests, statuses, failures. */
export function fuzzTable(reports: OperationReport[]): string {
  const rows = reports.map(
    (report) =>
      `| ${report.operation} | ${report.requests} | ${Object.entries(report.statuses)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([status, count]) => `${status}: ${count}`)
        .join(', ')} | ${report.failures.length} |`,
  );
  return ['| operation | requests | statuses | failures |', '| --- | ---: | --- | ---: |', ...rows].join('\n');
}
