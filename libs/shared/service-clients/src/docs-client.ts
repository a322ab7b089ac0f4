import type { ServiceCaller } from '@repo/contracts';
import { createResilientHttp, type ServiceClientOptions } from './resilient-http.js';

export interface SearchResult {
  documentId: string;
  filename: string;
  chunkId: number;
  rank: number;
  snippet: string;
}

export interface Answer {
  answer: string;
  citations: { documentId: string; filename: string; chunkId: number }[];
  degraded: boolean;
  reason?: string;
}

/** What the api needs from the docs service; each call sees only the documents of its caller. */
export function createDocsClient(options: ServiceClientOptions) {
  const http = createResilientHttp(options);
  return {
    breaker: http.breaker,
    search: (caller: ServiceCaller, q: string, limit = 10, requestId?: string) =>
      http.call<{ results: SearchResult[] }>({
        method: 'GET',
        path: '/search',
        query: { q, limit },
        caller,
        idempotent: true,
        ...(requestId ? { requestId } : {}),
      }),
    /** Not retried here: an answer may call a paid API, and the docs service retries Claude itself. */
    answer: (caller: ServiceCaller, question: string, requestId?: string) =>
      http.call<Answer>({
        method: 'POST',
        path: '/answer',
        body: { question },
        caller,
        idempotent: false,
        ...(requestId ? { requestId } : {}),
      }),
  };
}

export type DocsClient = ReturnType<typeof createDocsClient>;
