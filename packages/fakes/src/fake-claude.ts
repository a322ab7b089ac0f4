import type { IncomingMessage } from 'node:http';
import { startFakeHttpServer } from './fake-http-server.js';
import type { HttpFault } from './faults.js';

/** What the fake does with one request to POST /v1/messages. */
export type ClaudeBehaviour =
  | { kind: 'answer'; text: string }
  | HttpFault
  | { kind: 'overloaded'; retryAfterSeconds?: number }
  | { kind: 'malformed' };

export const answer = (text: string): ClaudeBehaviour => ({ kind: 'answer', text });
export const overloaded = (retryAfterSeconds?: number): ClaudeBehaviour => ({
  kind: 'overloaded',
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});
export const malformed = (): ClaudeBehaviour => ({ kind: 'malformed' });

export interface RecordedClaudeRequest {
  at: number;
  headers: IncomingMessage['headers'];
  body: { model?: string; max_tokens?: number; system?: string; messages?: { role: string; content: string }[] };
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
  const server = await startFakeHttpServer((request, reply) => {
    if (request.method !== 'POST' || !request.url.startsWith('/v1/messages')) {
      reply.json(404, apiError('not_found_error', `${request.method} ${request.url} is not faked`));
      return;
    }
    requests.push({
      at: Date.now(),
      headers: request.headers,
      body: JSON.parse(request.body || '{}') as RecordedClaudeRequest['body'],
    });
    const behaviour = script.shift() ?? fallback;
    switch (behaviour.kind) {
      case 'answer':
        reply.json(200, {
          id: `msg_fake_${requests.length}`,
          type: 'message',
          role: 'assistant',
          model: requests.at(-1)?.body.model ?? 'fake',
          content: [{ type: 'text', text: behaviour.text }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: request.body.length, output_tokens: behaviour.text.length },
        });
        return;
      case 'rate-limited':
        reply.json(429, apiError('rate_limit_error', 'Rate limited (fake).'), {
          'retry-after': String(behaviour.retryAfterSeconds),
        });
        return;
      case 'overloaded':
        reply.json(
          529,
          apiError('overloaded_error', 'Overloaded (fake).'),
          behaviour.retryAfterSeconds === undefined ? {} : { 'retry-after': String(behaviour.retryAfterSeconds) },
        );
        return;
      case 'server-error':
        reply.json(500, apiError('api_error', 'Internal error (fake).'));
        return;
      case 'stall':
        reply.stall(behaviour.ms);
        return;
      case 'malformed':
        reply.raw(200, '{"type": "message", "content": [ this is not JSON');
        return;
    }
  });

  return {
    /** The base URL to give the SDK (`baseURL`). */
    url: server.url,
    requests,
    /** Behaviours for the next requests, in order. */
    script: (...behaviours: ClaudeBehaviour[]) => void script.push(...behaviours),
    reset: () => {
      script.length = 0;
      requests.length = 0;
    },
    stop: server.stop,
  };
}

export type FakeClaude = Awaited<ReturnType<typeof startFakeClaude>>;
