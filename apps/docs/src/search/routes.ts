import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '@repo/service-kit';
import { Type } from 'typebox';
import type { Answerer } from '../answer/answerer.js';
import type { SearchRepository } from './search-repository.js';

const Citation = Type.Object({ documentId: Type.String(), filename: Type.String(), chunkId: Type.Integer() });

export const searchRoutes: FastifyPluginAsyncTypebox<{ search: SearchRepository; answerer: Answerer }> =
  async function searchRoutes(app, deps) {
    app.get(
      '/search',
      {
        schema: {
          tags: ['search'],
          querystring: Type.Object(
            {
              q: Type.String({ minLength: 1, maxLength: 500 }),
              limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              results: Type.Array(Type.Object({ ...Citation.properties, rank: Type.Number(), snippet: Type.String() })),
            }),
          },
        },
      },
      async (request) => ({
        results: (await deps.search.search(callerOf(request).subject, request.query.q, request.query.limit)).map(
          ({ documentId, filename, chunkId, rank, snippet }) => ({ documentId, filename, chunkId, rank, snippet }),
        ),
      }),
    );

    app.post(
      '/answer',
      {
        schema: {
          tags: ['search'],
          body: Type.Object(
            { question: Type.String({ minLength: 3, maxLength: 1000 }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              answer: Type.String(),
              citations: Type.Array(Citation),
              degraded: Type.Boolean(),
              reason: Type.Optional(Type.String()),
            }),
          },
        },
      },
      async (request) => deps.answerer.answer(callerOf(request).subject, request.body.question, request.log),
    );
  };
