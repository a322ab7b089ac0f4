import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ServiceCallError, type DocsClient, type MemoryClient } from '@repo/service-clients';
import { notFound, Problem, ServiceUnavailableError } from '@repo/service-kit';
import { principalOf, requireAuthentication, type Authenticate } from '../auth/authenticate.js';
import type { ApiConfig } from '../config.js';
import { noteEntityName, noteIdOf } from '../memory-mirror/note-graph.js';
import type { NotesRepository } from '../notes/notes-repository.js';
import { NoteParams } from '../notes/schemas.js';
import { toNote } from '../notes/to-note.js';
import { RelatedNotes, RelatedQuery, SearchQuery, SearchResults } from './schemas.js';

const errors = { 400: Problem, 401: Problem, 404: Problem, 503: Problem };

export interface FederationRoutesOptions {
  config: ApiConfig;
  notes: NotesRepository;
  /** null where the service is not configured. */
  memory: MemoryClient | null;
  docs: DocsClient | null;
  authenticate: Authenticate;
}

/** Routes that combine the api's notes with what the memory and docs services know. */
export const federationRoutes: FastifyPluginAsyncTypebox<FederationRoutesOptions> = async function federationRoutes(
  app,
  options,
) {
  const { config, notes: repository, memory, docs } = options;
  const retryAfterSeconds = Math.ceil(config.dependencies.breakerHalfOpenMs / 1000);
  requireAuthentication(app, options.authenticate);

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
      if (!memory)
        throw new ServiceUnavailableError(
          'memory',
          'Related notes need the memory service, and none is configured (MEMORY_URL).',
          retryAfterSeconds,
        );
      let relatedIds: string[];
      try {
        const { neighbours } = await memory.neighbours(
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
      const rows = await repository.getMany(userId, relatedIds);
      const items = rows
        .map((row) => ({ note: toNote(row), sharedTags: row.tags.filter((tag) => note.tags.includes(tag)) }))
        .sort((a, b) => b.sharedTags.length - a.sharedTags.length || b.note.createdAt.localeCompare(a.note.createdAt))
        .slice(0, request.query.limit);
      return { items, mirrorPending: await repository.mirrorPending(userId) };
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
        docs
          ? docs.search({ subject: principalOf(request).userId }, q, limit, request.id).then(
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
};
