import type { IncomingMessage } from 'node:http';
import { startFakeHttpServer } from './fake-http-server.js';
import type { HttpFault } from './faults.js';
import { DEFAULT_LEXICON, meaningVector, toBase64Embedding, type Lexicon } from './meaning-vectors.js';

/** What the fake does with one request to POST /v1/embeddings. */
export type EmbeddingsBehaviour =
  | { kind: 'embed' }
  | HttpFault
  /** Vectors of another length than asked for, as a misconfigured model gives. */
  | { kind: 'wrong-dimension'; dimensions: number }
  /** Vectors of zeros: what a client reads when it decodes a body in the wrong encoding. */
  | { kind: 'zero-vectors' };

export const embed = (): EmbeddingsBehaviour => ({ kind: 'embed' });
export const wrongDimension = (dimensions: number): EmbeddingsBehaviour => ({ kind: 'wrong-dimension', dimensions });
export const zeroVectors = (): EmbeddingsBehaviour => ({ kind: 'zero-vectors' });

export interface RecordedEmbeddingsRequest {
  at: number;
  headers: IncomingMessage['headers'];
  /** The texts of the request, a single `input` as a list of one. */
  input: string[];
  model: string;
  encodingFormat: 'float' | 'base64';
  dimensions?: number;
}

export interface FakeEmbeddingsOptions {
  /** The vectors' length when a request names none (OpenAI's `dimensions`); 64 by default. */
  dimensions?: number;
  /** The concepts the vectors know; DEFAULT_LEXICON by default. */
  lexicon?: Lexicon;
  /** When set, a request without `Authorization: Bearer <apiKey>` gets a 401. */
  apiKey?: string;
}

const apiError = (status: number, message: string, param: string | null = null) => ({
  error: {
    message,
    type:
      status === 401
        ? 'authentication_error'
        : status === 429
          ? 'rate_limit_error'
          : status >= 500
            ? 'server_error'
            : 'invalid_request_error',
    param,
    code: null,
  },
});

/** The request's texts, or the reason they are not acceptable (OpenAI refuses empty strings too). */
function inputOf(input: unknown): string[] | string {
  const texts = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(texts) || texts.length === 0) return 'input must be a string or a non-empty list of strings';
  if (!texts.every((text) => typeof text === 'string')) return 'input must be strings (token arrays are not faked)';
  if (texts.some((text) => text.length === 0)) return 'input must not contain empty strings';
  return texts as string[];
}

/**
 * A local stand-in for an OpenAI-compatible embeddings API (`POST /v1/embeddings`), over real
 * HTTP. Its vectors carry meaning without a model (meaning-vectors.ts): "database" is nearer
 * "postgres" than "banana". It answers in the encoding asked for (`encoding_format`: the OpenAI
 * SDK asks for base64 unless told otherwise), takes each request's next scripted behaviour (then
 * `fallback`), and records every request.
 */
export async function startFakeEmbeddings(
  options: FakeEmbeddingsOptions = {},
  fallback: EmbeddingsBehaviour = embed(),
) {
  const defaultDimensions = options.dimensions ?? 64;
  const lexicon = options.lexicon ?? DEFAULT_LEXICON;
  meaningVector('', defaultDimensions, lexicon); // refuses too few dimensions now, not at the first request
  const script: EmbeddingsBehaviour[] = [];
  const requests: RecordedEmbeddingsRequest[] = [];
  let always = fallback;
  const rules: { matches: (input: string[]) => boolean; behaviour: EmbeddingsBehaviour }[] = [];

  const server = await startFakeHttpServer((request, reply) => {
    if (request.method !== 'POST' || !request.url.startsWith('/v1/embeddings')) {
      reply.json(404, apiError(404, `${request.method} ${request.url} is not faked`));
      return;
    }
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      reply.json(401, apiError(401, 'Incorrect API key provided (fake).'));
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      reply.json(400, apiError(400, 'The body is not JSON.'));
      return;
    }
    const input = inputOf(body.input);
    if (typeof input === 'string') return reply.json(400, apiError(400, input, 'input'));
    if (typeof body.model !== 'string' || body.model.length === 0)
      return reply.json(400, apiError(400, 'model is required', 'model'));
    const encodingFormat = body.encoding_format ?? 'float';
    if (encodingFormat !== 'float' && encodingFormat !== 'base64')
      return reply.json(400, apiError(400, "encoding_format must be 'float' or 'base64'", 'encoding_format'));
    const dimensions = body.dimensions ?? defaultDimensions;
    if (!Number.isInteger(dimensions) || (dimensions as number) <= Object.keys(lexicon).length)
      return reply.json(
        400,
        apiError(400, `dimensions must be an integer above ${Object.keys(lexicon).length}`, 'dimensions'),
      );
    requests.push({
      at: Date.now(),
      headers: request.headers,
      input,
      model: body.model,
      encodingFormat,
      ...(body.dimensions === undefined ? {} : { dimensions: dimensions as number }),
    });

    const behaviour = rules.find((rule) => rule.matches(input))?.behaviour ?? script.shift() ?? always;
    const respond = (vectors: number[][]) =>
      reply.json(200, {
        object: 'list',
        data: vectors.map((vector, index) => ({
          object: 'embedding',
          index,
          embedding: encodingFormat === 'base64' ? toBase64Embedding(vector) : vector,
        })),
        model: body.model,
        usage: { prompt_tokens: input.join(' ').length, total_tokens: input.join(' ').length },
      });
    switch (behaviour.kind) {
      case 'embed':
        return respond(input.map((text) => meaningVector(text, dimensions as number, lexicon)));
      case 'wrong-dimension':
        return respond(input.map((text) => meaningVector(text, behaviour.dimensions, lexicon)));
      case 'zero-vectors':
        return respond(input.map(() => new Array<number>(dimensions as number).fill(0)));
      case 'rate-limited':
        return reply.json(429, apiError(429, 'Rate limit reached (fake).'), {
          'retry-after': String(behaviour.retryAfterSeconds),
        });
      case 'server-error':
        return reply.json(500, apiError(500, 'The server had an error (fake).'));
      case 'stall':
        return reply.stall(behaviour.ms);
    }
  });

  return {
    /** The base URL to give a client, with `/v1` (the OpenAI SDK's `baseURL`). */
    url: `${server.url}/v1`,
    dimensions: defaultDimensions,
    requests,
    /** The vector the fake gives `text` (at the default dimensions), for expected similarities. */
    vectorOf: (text: string) => meaningVector(text, defaultDimensions, lexicon),
    /** Behaviours for the next requests, in order. */
    script: (...behaviours: EmbeddingsBehaviour[]) => void script.push(...behaviours),
    /** The behaviour of every request once the script is used up, e.g. serverError() while "down". */
    always: (behaviour: EmbeddingsBehaviour) => void (always = behaviour),
    /**
     * The behaviour of every request whose texts match, before the script: e.g. a failure for one
     * entity's texts only, while every other request is embedded.
     */
    when: (matches: (input: string[]) => boolean, behaviour: EmbeddingsBehaviour) =>
      void rules.push({ matches, behaviour }),
    /** Empties the script, the rules and the record, and embeds again. */
    reset: () => {
      script.length = 0;
      rules.length = 0;
      requests.length = 0;
      always = fallback;
    },
    stop: server.stop,
  };
}

export type FakeEmbeddings = Awaited<ReturnType<typeof startFakeEmbeddings>>;
