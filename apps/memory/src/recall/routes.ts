import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Driver } from 'neo4j-driver';
import { namespaceOf } from '../graph/routes.js';
import { embeddingStatus } from './embedding-status.js';
import { EmbeddingStatus, SemanticSearchBody, SemanticSearchResult } from './schemas.js';
import type { SemanticSearch } from './semantic-search.js';

export interface RecallRoutesOptions {
  driver: Driver;
  search: SemanticSearch;
  configured: boolean;
  queryTimeoutMs: number;
}

/** Recall by meaning, and how far the embedding of the namespace's entities is. */
export const recallRoutes: FastifyPluginAsyncTypebox<RecallRoutesOptions> = async function recallRoutes(app, options) {
  const tags = ['recall'];

  app.post(
    '/search/semantic',
    {
      schema: {
        tags,
        description:
          'Entities nearest the query in meaning (cosine similarity of their vectors), or in hybrid mode by a fused vector and keyword score. When the query cannot be embedded, keyword matches flagged `degraded`.',
        body: SemanticSearchBody,
        response: { 200: SemanticSearchResult },
      },
    },
    async (request) => options.search(namespaceOf(request), request.body),
  );

  app.get(
    '/embeddings/status',
    {
      schema: {
        tags,
        description: 'Entities of this namespace still waiting for a vector (created or changed since), and failures.',
        response: { 200: EmbeddingStatus },
      },
    },
    async (request) => ({
      configured: options.configured,
      ...(await embeddingStatus(options.driver, namespaceOf(request), options.queryTimeoutMs)),
    }),
  );
};
