import { createResilientHttp, type ResilienceOptions } from './resilient-http.js';

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

/** What the api needs from the docs service. */
export function createDocsClient(options: ResilienceOptions) {
  const http = createResilientHttp(options);
  return {
    breaker: http.breaker,
    search: (q: string, limit = 10, requestId?: string) =>
      http.call<{ results: SearchResult[] }>({
        method: 'GET',
        path: '/search',
        query: { q, limit },
        idempotent: true,
        ...(requestId ? { requestId } : {}),
      }),
    /** Not retried here: an answer may call a paid API, and the docs service retries Claude itself. */
    answer: (question: string, requestId?: string) =>
      http.call<Answer>({
        method: 'POST',
        path: '/answer',
        body: { question },
        idempotent: false,
        ...(requestId ? { requestId } : {}),
      }),
  };
}

export type DocsClient = ReturnType<typeof createDocsClient>;
