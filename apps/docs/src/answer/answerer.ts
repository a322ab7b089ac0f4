import Anthropic from '@anthropic-ai/sdk';
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleAll,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { FastifyBaseLogger } from 'fastify';
import type { DocsConfig } from '../config.js';
import type { SearchHit, SearchRepository } from '../search/search-repository.js';

const CIRCUIT_STATES: Record<CircuitState, 'closed' | 'open' | 'half-open' | 'isolated'> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export interface Citation {
  documentId: string;
  filename: string;
  chunkId: number;
}

export interface Answer {
  answer: string;
  citations: Citation[];
  /** True when Claude could not answer and the text is extracted from the best chunks. */
  degraded: boolean;
  reason?: string;
}

const SYSTEM =
  'Answer the question using only the numbered sources. Cite every source you use as [n]. If the sources do not contain the answer, say that you do not know.';

/** Why the answer is degraded, as a stable word for clients (details go to the log). */
function degradationReason(error: unknown): string {
  if (error instanceof BrokenCircuitError) return 'circuit-open';
  if (error instanceof Anthropic.APIConnectionTimeoutError) return 'claude-timeout';
  if (error instanceof Anthropic.APIError && error.status) return `claude-status-${error.status}`;
  return 'claude-unavailable';
}

const cite = (hit: SearchHit): Citation => ({
  documentId: hit.documentId,
  filename: hit.filename,
  chunkId: hit.chunkId,
});

function prompt(question: string, hits: SearchHit[]): string {
  const sources = hits.map((hit, index) => `[${index + 1}] (${hit.filename})\n${hit.content}`).join('\n\n');
  return `Sources:\n\n${sources}\n\nQuestion: ${question}`;
}

/**
 * Retrieval-augmented answers: the best chunks go to Claude (the official SDK: its own
 * retries honour retry-after on 429/529, and every call has a timeout), behind a circuit
 * breaker. When Claude fails after its retries, times out, or the breaker is open, the answer
 * is extracted from the chunks instead and flagged `degraded`: the route never fails for it.
 */
export function createAnswerer(options: { config: DocsConfig; search: SearchRepository; log: FastifyBaseLogger }) {
  const { claude: settings } = options.config;
  const client = new Anthropic({
    apiKey: settings.apiKey || 'not-configured',
    ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
  });
  const breaker: CircuitBreakerPolicy = circuitBreaker(handleAll, {
    halfOpenAfter: settings.breakerHalfOpenMs,
    breaker: new ConsecutiveBreaker(settings.breakerThreshold),
  });

  function extractive(hits: SearchHit[], reason: string): Answer {
    const best = hits.slice(0, 2);
    return { answer: best.map((hit) => hit.snippet).join(' … '), citations: best.map(cite), degraded: true, reason };
  }

  return {
    /** The Claude circuit: open while calls are not even tried. */
    circuitState: () => CIRCUIT_STATES[breaker.state],
    /** An answer from the owner's documents only. */
    async answer(ownerId: string, question: string, log: FastifyBaseLogger = options.log): Promise<Answer> {
      const hits = await options.search.search(ownerId, question, options.config.answerChunks);
      if (hits.length === 0) return { answer: 'No document answers this question.', citations: [], degraded: false };
      try {
        const message = await breaker.execute(() =>
          client.messages.create({
            model: settings.model,
            max_tokens: settings.maxTokens,
            system: SYSTEM,
            messages: [{ role: 'user', content: prompt(question, hits) }],
          }),
        );
        const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
        if (!text) throw new Error('Claude answered with no text');
        const cited = [...new Set([...text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])))]
          .map((number) => hits[number - 1])
          .filter((hit): hit is SearchHit => hit !== undefined);
        return { answer: text, citations: cited.map(cite), degraded: false };
      } catch (error) {
        const reason = degradationReason(error);
        log.warn({ err: error, reason }, 'answering without Claude');
        return extractive(hits, reason);
      }
    },
  };
}

export type Answerer = ReturnType<typeof createAnswerer>;
