import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ServiceCallError } from '@repo/service-clients';
import { notFound, Problem, ServiceUnavailableError } from '@repo/service-kit';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ApiConfig } from '../config.js';
import { notes, outbox } from '../db/schema.js';
import { noteEntityName, noteIdOf } from '../memory-mirror/note-graph.js';
import { createNotesRepository } from '../notes/notes-repository.js';
import { toNote } from '../notes/routes.js';
import { NoteParams } from '../notes/schemas.js';
import { principalOf, requireAuthentication } from '../plugins/authenticate.js';
import { RelatedNotes, RelatedQuery, SearchQuery, SearchResults } from './schemas.js';

const errors = { 400: Problem, 401: Problem, 404: Problem, 503: Problem };

/** Routes that combine the api's notes with what the memory and docs services know. */
export async function federationRoutes(fastify: FastifyInstance, config: ApiConfig) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const repository = createNotesRepository(app.db);
  const retryAfterSeconds = Math.ceil(config.dependencies.breakerHalfOpenMs / 1000);
  requireAuthentication(app);

  app.get(
    '/notes/:id/related',
    {
      schema: {
        tags: ['federation'],
        description:
          'Your notes that share a tag with this one (most shared tags first, at most `limit`), from the memory graph. 503 with Retry-After while memory cannot answer.',
        params: NoteParams,
        querystring: RelatedQuery,
        response: { 200: RelatedNotes, ...errors },
      },
    },
    async (request) => {
      const { userId } = principalOf(request);
      const note = await repository.get(userId, request.params.id);
      if (!note) throw notFound(`No note ${request.params.id} among yours.`);
      if (!app.memory)
        throw new ServiceUnavailableError(
          'memory',
          'Related notes need the memory service, and none is configured (MEMORY_URL).',
          retryAfterSeconds,
        );
      let relatedIds: string[];
      try {
        const { neighbours } = await app.memory.neighbours(
          { subject: userId, namespace: config.memoryNamespace },
          noteEntityName(note.id),
          2,
          request.id,
          // The graph's own ceiling: candidates enough to rank, whatever `limit` asks.
          1000,
        );
        relatedIds = neighbours.flatMap((neighbour) => noteIdOf(neighbour.name) ?? []);
      } catch (error) {
        // Not in the graph yet: the outbox has not delivered it. No relations known so far.
        if (error instanceof ServiceCallError && error.status === 404) relatedIds = [];
        else if (error instanceof ServiceCallError)
          throw new ServiceUnavailableError(
            'memory',
            `Related notes are unavailable: ${error.message}.`,
            retryAfterSeconds,
          );
        else throw error;
      }
      // The graph says which; PostgreSQL says what (and re-checks the owner).
      const rows =
        relatedIds.length === 0
          ? []
          : await app.db
              .select()
              .from(notes)
              .where(and(eq(notes.ownerId, userId), inArray(notes.id, relatedIds)));
      const items = rows
        .map((row) => ({ note: toNote(row), sharedTags: row.tags.filter((tag) => note.tags.includes(tag)) }))
        .sort((a, b) => b.sharedTags.length - a.sharedTags.length || b.note.createdAt.localeCompare(a.note.createdAt))
        .slice(0, request.query.limit);
      const pending = await app.db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.ownerId, userId), isNull(outbox.deliveredAt)))
        .limit(1);
      return { items, mirrorPending: pending.length > 0 };
    },
  );

  app.get(
    '/search',
    {
      schema: {
        tags: ['federation'],
        description:
          'Your notes whose title or body contains the text, and matching document passages from the docs service. Without docs, the notes alone, flagged partial.',
        querystring: SearchQuery,
        response: { 200: SearchResults, ...errors },
      },
    },
    async (request) => {
      const { q, limit } = request.query;
      const [found, documents] = await Promise.all([
        repository.search(principalOf(request).userId, q, limit),
        app.docs
          ? app.docs.search({ subject: principalOf(request).userId }, q, limit, request.id).then(
              ({ results }) => ({ results, reason: undefined }),
              (error: unknown) => {
                if (!(error instanceof ServiceCallError)) throw error;
                request.log.warn({ err: error }, 'search: docs unavailable, answering with notes only');
                return { results: [], reason: error.message };
              },
            )
          : { results: [], reason: 'docs is not configured (DOCS_URL)' },
      ]);
      return {
        notes: found.map(toNote),
        documents: documents.results,
        partial: documents.reason !== undefined,
        unavailable: documents.reason === undefined ? [] : [{ source: 'documents' as const, reason: documents.reason }],
      };
    },
  );
}
