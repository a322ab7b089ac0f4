import type { FastifyInstance } from 'fastify';
import type { CapturedLogs, LogLine } from './captured-logs.js';

/** One request the service handled during a test, and its answer. */
export interface Exchange {
  requestId: string;
  method: string;
  url: string;
  /** As the request carried them; `describeExchanges` leaves out the noise and redacts secrets. */
  requestHeaders: Record<string, string | string[] | undefined>;
  requestBody?: unknown;
  status: number;
  responseType: string;
  responseBody: string;
}

export interface ExchangeContext {
  /** The service's captured logs: the lines of each request are shown with it. */
  logs?: CapturedLogs;
  /** Where the test's servers are (provider and URL), as one line. */
  servers?: string;
}

const REDACTED = new Set(['authorization', 'cookie', 'set-cookie', 'x-api-key']);
const NOISE = new Set(['host', 'connection', 'content-length', 'accept-encoding', 'user-agent']);
const BODY_CHARS = 1_500;
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Body fields a failure's output does not print: test credentials still look like real ones in a CI log. */
const SECRET_FIELD = /password|secret|token|api[-_]?key/i;

function withoutSecrets(body: unknown): string {
  return JSON.stringify(body, (field, value: unknown) =>
    SECRET_FIELD.test(field) && value !== null && typeof value !== 'object' ? '[redacted]' : value,
  );
}

/** A response body as text: JSON with its secret fields redacted, anything else as it came. */
function responseText(body: string): string {
  try {
    return withoutSecrets(JSON.parse(body));
  } catch {
    return body;
  }
}

function cut(text: string): string {
  return text.length > BODY_CHARS ? `${text.slice(0, BODY_CHARS)}… (${text.length} chars)` : text;
}

function headersOf(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || NOISE.has(name)) continue;
    shown[name] = REDACTED.has(name) ? '[redacted]' : String(value);
  }
  return shown;
}

/**
 * Keeps the last `limit` requests the service handled, with what was sent and what came back,
 * for a failing test's output. Call before `app.ready()`; `clear()` before each test.
 */
export function recordExchanges(app: FastifyInstance, limit = 10) {
  const exchanges: Exchange[] = [];
  app.addHook('onSend', async (request, reply, payload) => {
    exchanges.push({
      requestId: String(request.id),
      method: request.method,
      url: request.url,
      // Kept as they are: the text is made only for a failing test, not on every request.
      requestHeaders: request.headers,
      requestBody: request.body,
      status: reply.statusCode,
      responseType: String(reply.getHeader('content-type') ?? ''),
      responseBody: typeof payload === 'string' ? payload : payload === null ? '' : `(${typeof payload} body)`,
    });
    if (exchanges.length > limit) exchanges.shift();
    return payload;
  });
  return {
    exchanges,
    clear: () => void exchanges.splice(0),
  };
}

/** Fields every line has, or that the exchange shows already. */
const LOG_FIELDS_SHOWN_ELSEWHERE = new Set(['level', 'time', 'pid', 'hostname', 'requestId', 'msg', 'err']);

function logLine(line: LogLine): string {
  const level = LEVELS[line.level] ?? String(line.level);
  const error = line.err ? ` (${line.err.type ?? 'Error'}: ${line.err.message ?? ''})` : '';
  const rest = Object.fromEntries(Object.entries(line).filter(([field]) => !LOG_FIELDS_SHOWN_ELSEWHERE.has(field)));
  const fields = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest).slice(0, 300)}` : '';
  return `${level} ${line.msg ?? ''}${error}${fields}`;
}

/** The exchanges as a failing test shows them: request, response, the service's log lines, the servers. */
export function describeExchanges(exchanges: Exchange[], context: ExchangeContext = {}): string {
  const parts = [
    exchanges.length === 0
      ? 'The service handled no request during this test.'
      : `The last ${exchanges.length === 1 ? 'request' : `${exchanges.length} requests`} the service handled during this test:`,
  ];
  for (const exchange of exchanges) {
    parts.push(
      `\n${exchange.method} ${exchange.url} -> ${exchange.status} ${exchange.responseType} (request ${exchange.requestId})`,
    );
    const headers = Object.entries(headersOf(exchange.requestHeaders)).map(([name, value]) => `${name}: ${value}`);
    if (headers.length > 0) parts.push(`  headers: ${headers.join('; ')}`);
    if (exchange.requestBody !== undefined) parts.push(`  sent: ${cut(withoutSecrets(exchange.requestBody))}`);
    if (exchange.responseBody) parts.push(`  got: ${cut(responseText(exchange.responseBody))}`);
    for (const line of context.logs?.forRequest(exchange.requestId) ?? []) parts.push(`  log: ${logLine(line)}`);
  }
  if (context.servers) parts.push(`\nservers: ${context.servers}`);
  return parts.join('\n');
}
