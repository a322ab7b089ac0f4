import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isForeignKeyViolation } from '@repo/postgres-kit';
import { notFound, Problem, ProblemError, unauthorized } from '@repo/service-kit';
import { principalOf, requireAuthentication, type Authenticate } from '../auth/authenticate.js';
import { decodeCursor } from './cursor.js';
import { etagOf, versionFromIfMatch } from './etag.js';
import type { NoteCache } from './note-cache.js';
import type { ChangeResult, NotesRepository } from './notes-repository.js';
import {
  IdempotencyHeaders,
  IfMatchHeaders,
  Note,
  NoteCreate,
  NoteListQuery,
  NotePage,
  NoteParams,
  NoteUpdate,
} from './schemas.js';
import { toNote } from './to-note.js';

const missing = (id: string) => notFound(`No note ${id} among yours.`);

function settled<T>(result: ChangeResult<T>, id: string, expected: number | undefined): T {
  if (result.outcome === 'not-found') throw missing(id);
  if (result.outcome === 'stale') {
    throw new ProblemError(
      'stale-version',
      `The note is at version ${result.currentVersion}, not ${expected}: read it again, then retry.`,
      {
        currentVersion: result.currentVersion,
      },
    );
  }
  return result.value;
}

const errors = { 400: Problem, 401: Problem, 404: Problem, 503: Problem };

export interface NotesRoutesOptions {
  notes: NotesRepository;
  cache: NoteCache;
  authenticate: Authenticate;
  /** Called after a change that wrote to the outbox, so the relay delivers it now. */
  outboxWritten: () => void;
}

/** The signed-in user's notes: create (idempotent), list, read (cached), update and delete (If-Match). */
export const notesRoutes: FastifyPluginAsyncTypebox<NotesRoutesOptions> = async function notesRoutes(app, options) {
  const { notes: repository, cache, outboxWritten } = options;
  requireAuthentication(app, options.authenticate);

  app.post(
    '/notes',
    {
      schema: {
        tags: ['notes'],
        headers: IdempotencyHeaders,
        body: NoteCreate,
        response: { 201: Note, 409: Problem, 422: Problem, ...errors },
      },
    },
    async (request, reply) => {
      const { userId } = principalOf(request);
      const result = await repository
        .create(userId, request.body, request.headers['idempotency-key'], toNote)
        .catch((error: unknown) => {
          // The account was removed while its token still lived: the token's, not a server, problem.
          if (isForeignKeyViolation(error, ['notes_owner_id_users_id_fk', 'idempotency_keys_owner_id_users_id_fk']))
            throw unauthorized('The account of this token no longer exists.', 'session-ended');
          throw error;
        });
      if (result.outcome === 'key-reused') {
        throw new ProblemError('idempotency-key-reused', 'This Idempotency-Key was used for a different request body.');
      }
      if (result.outcome === 'replayed') {
        return reply
          .status(201)
          .header('idempotent-replayed', 'true')
          .send(result.response as ReturnType<typeof toNote>);
      }
      outboxWritten();
      return reply
        .status(201)
        .header('location', `/notes/${result.note.id}`)
        .header('etag', etagOf(result.note.version))
        .send(toNote(result.note));
    },
  );

  app.get(
    '/notes',
    { schema: { tags: ['notes'], querystring: NoteListQuery, response: { 200: NotePage, ...errors } } },
    async (request) => {
      const { cursor, ...filters } = request.query;
      const page = await repository.list(principalOf(request).userId, {
        ...filters,
        ...(cursor ? { cursor: decodeCursor(cursor) } : {}),
      });
      return { items: page.items.map(toNote), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/notes/:id',
    { schema: { tags: ['notes'], params: NoteParams, response: { 200: Note, ...errors } } },
    async (request, reply) => {
      const { userId } = principalOf(request);
      const cached = await cache.get(request.params.id, request.log);
      // A cached note is served only to its owner; anyone else gets the same 404 as for no note.
      const note =
        cached?.ownerId === userId ? cached : cached ? undefined : await repository.get(userId, request.params.id);
      if (!note) throw missing(request.params.id);
      if (!cached) await cache.set(note, request.log);
      return reply
        .header('etag', etagOf(note.version))
        .header('x-cache', cached ? 'hit' : 'miss')
        .send(toNote(note));
    },
  );

  app.patch(
    '/notes/:id',
    {
      schema: {
        tags: ['notes'],
        params: NoteParams,
        headers: IfMatchHeaders,
        body: NoteUpdate,
        response: { 200: Note, 412: Problem, 428: Problem, ...errors },
      },
    },
    async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match']);
      const result = await repository.update(principalOf(request).userId, request.params.id, expected, request.body);
      const note = settled(result, request.params.id, expected);
      await cache.invalidate(note.id, request.log);
      outboxWritten();
      return reply.header('etag', etagOf(note.version)).send(toNote(note));
    },
  );

  app.delete(
    '/notes/:id',
    {
      schema: {
        tags: ['notes'],
        params: NoteParams,
        headers: IfMatchHeaders,
        response: { 204: { type: 'null' }, 412: Problem, ...errors },
      },
    },
    async (request, reply) => {
      const header = request.headers['if-match'];
      const expected = header === undefined ? undefined : versionFromIfMatch(header);
      settled(
        await repository.delete(principalOf(request).userId, request.params.id, expected),
        request.params.id,
        expected,
      );
      await cache.invalidate(request.params.id, request.log);
      outboxWritten();
      return reply.status(204).send(null);
    },
  );
};
