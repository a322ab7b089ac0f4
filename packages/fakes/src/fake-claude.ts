import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** What the fake does with one request to POST /v1/messages. */
export type ClaudeBehaviour =
  | { kind: 'answer'; text: string }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'overloaded'; retryAfterSeconds?: number }
  | { kind: 'server-error' }
  | { kind: 'stall'; ms: number }
  | { kind: 'malformed' };

export const answer = (text: string): ClaudeBehaviour => ({ kind: 'answer', text });
export const rateLimited = (retryAfterSeconds = 1): ClaudeBehaviour => ({ kind: 'rate-limited', retryAfterSeconds });
export const overloaded = (retryAfterSeconds?: number): ClaudeBehaviour => ({
  kind: 'overloaded',
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});
export const serverError = (): ClaudeBehaviour => ({ kind: 'server-error' });
export const stall = (ms: number): ClaudeBehaviour => ({ kind: 'stall', ms });
export const malformed = (): ClaudeBehaviour => ({ kind: 'malformed' });

export interface RecordedClaudeRequest {
  at: number;
  headers: IncomingMessage['headers'];
  body: { model?: string; max_tokens?: number; system?: string; messages?: { role: string; content: string }[] };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

const apiError = (type: string, message: string) => ({ type: 'error', error: { type, message } });

/**
 * A local stand-in for the Claude Messages API, over real HTTP, close enough for the
 * official SDK. Each request takes the next scripted behaviour (then `fallback`), and is
 * recorded so tests assert how many calls were made and what was sent.
 */
export async function startFakeClaude(fallback: ClaudeBehaviour = answer('I do not know.')) {
  const script: ClaudeBehaviour[] = [];
  const requests: RecordedClaudeRequest[] = [];
  const stalled = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      if (request.method !== 'POST' || !request.url?.startsWith('/v1/messages')) {
        sendJson(response, 404, apiError('not_found_error', `${request.method} ${request.url} is not faked`));
        return;
      }
      requests.push({
        at: Date.now(),
        headers: request.headers,
        body: JSON.parse(raw || '{}') as RecordedClaudeRequest['body'],
      });
      const behaviour = script.shift() ?? fallback;
      switch (behaviour.kind) {
        case 'answer':
          sendJson(response, 200, {
            id: `msg_fake_${requests.length}`,
            type: 'message',
            role: 'assistant',
            model: requests.at(-1)?.body.model ?? 'fake',
            content: [{ type: 'text', text: behaviour.text }],
            stop_reason: 'end_turn',
            stop_sequence: null,
            usage: { input_tokens: raw.length, output_tokens: behaviour.text.length },
          });
          return;
        case 'rate-limited':
          sendJson(response, 429, apiError('rate_limit_error', 'Rate limited (fake).'), {
            'retry-after': String(behaviour.retryAfterSeconds),
          });
          return;
        case 'overloaded':
          sendJson(
            response,
            529,
            apiError('overloaded_error', 'Overloaded (fake).'),
            behaviour.retryAfterSeconds === undefined ? {} : { 'retry-after': String(behaviour.retryAfterSeconds) },
          );
          return;
        case 'server-error':
          sendJson(response, 500, apiError('api_error', 'Internal error (fake).'));
          return;
        case 'stall':
          stalled.add(response);
          setTimeout(() => {
            stalled.delete(response);
            if (!response.writableEnded) sendJson(response, 200, { late: true });
          }, behaviour.ms).unref();
          return;
        case 'malformed':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end('{"type": "message", "content": [ this is not JSON');
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    /** The base URL to give the SDK (`baseURL`). */
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Behaviours for the next requests, in order. */
    script: (...behaviours: ClaudeBehaviour[]) => void script.push(...behaviours),
    reset: () => {
      script.length = 0;
      requests.length = 0;
    },
    stop: async () => {
      for (const response of stalled) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeClaude = Awaited<ReturnType<typeof startFakeClaude>>;
