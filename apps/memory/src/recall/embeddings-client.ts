import OpenAI from 'openai';

/** Why no vectors came back: what a search reports when it degrades, and what the job records. */
export class EmbeddingsUnavailableError extends Error {
  constructor(
    message: string,
    /** The API's Retry-After, when it sent one (429). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'EmbeddingsUnavailableError';
  }
}

/** Why one vector is refused, or undefined when it is usable. A stored garbage vector would rank forever. */
export function vectorProblem(vector: readonly number[], dimensions: number): string | undefined {
  if (vector.length !== dimensions) return `has ${vector.length} dimensions, not the ${dimensions} configured`;
  if (!vector.every(Number.isFinite)) return 'holds a value that is not a finite number';
  if (vector.every((value) => value === 0)) return 'is all zeros (no direction to compare)';
  return undefined;
}

export interface EmbeddingsClientOptions {
  url: string;
  apiKey: string;
  model: string;
  dimensions: number;
}

/** One text's outcome: its vector, or what is wrong with it ("has 20 dimensions, ..."), said of the vector. */
export type Embedded = { vector: number[] } | { problem: string };

/**
 * The embeddings API through the official OpenAI SDK: it speaks every OpenAI-compatible server,
 * asks for base64 and decodes it, and types its errors. Its own retries are off: the job retries
 * with its own backoff, and a search would rather degrade now than retry.
 */
export function createEmbeddingsClient(options: EmbeddingsClientOptions) {
  const openai = new OpenAI({ baseURL: options.url, apiKey: options.apiKey || 'none', maxRetries: 0 });

  return {
    dimensions: options.dimensions,
    /** One outcome per text, in order; throws EmbeddingsUnavailableError when the API gave nothing usable. */
    embed: async (texts: string[], timeoutMs: number, signal?: AbortSignal): Promise<Embedded[]> => {
      let data: { index: number; embedding: number[] }[];
      try {
        ({ data } = await openai.embeddings.create(
          { model: options.model, input: texts },
          { timeout: timeoutMs, ...(signal ? { signal } : {}) },
        ));
      } catch (error) {
        throw unavailable(error, timeoutMs);
      }
      const byIndex = new Map(data.map((item) => [item.index, item.embedding]));
      return texts.map((_, index) => {
        const vector = byIndex.get(index);
        if (!vector) return { problem: 'is missing from the answer' };
        const problem = vectorProblem(vector, options.dimensions);
        return problem ? { problem } : { vector };
      });
    },
  };
}

export type EmbeddingsClient = ReturnType<typeof createEmbeddingsClient>;

function unavailable(error: unknown, timeoutMs: number): EmbeddingsUnavailableError {
  if (error instanceof OpenAI.APIUserAbortError)
    return new EmbeddingsUnavailableError('the call was cut short: the service is stopping');
  if (error instanceof OpenAI.APIConnectionTimeoutError)
    return new EmbeddingsUnavailableError(`the embeddings API did not answer within ${timeoutMs} ms`);
  if (error instanceof OpenAI.APIConnectionError)
    return new EmbeddingsUnavailableError(`the embeddings API cannot be reached (${error.message})`);
  if (error instanceof OpenAI.APIError) {
    const retryAfter = Number(error.headers?.get?.('retry-after'));
    return new EmbeddingsUnavailableError(
      error.status === 429 ? 'the embeddings API is rate-limiting' : `the embeddings API answered ${error.status}`,
      Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined,
    );
  }
  return new EmbeddingsUnavailableError(`the embeddings API failed (${String(error)})`);
}
