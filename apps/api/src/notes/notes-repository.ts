import { and, arrayContains, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Database } from '../db/database.js';
import { idempotencyKeys, notes, outbox, type NoteRow } from '../db/schema.js';
import { encodeCursor, type Cursor } from './cursor.js';

export interface NoteInput {
  title: string;
  body?: string;
  tags?: string[];
}

export type CreateResult =
  | { outcome: 'created'; note: NoteRow }
  | { outcome: 'replayed'; status: number; response: unknown }
  | { outcome: 'key-reused' };

export type ChangeResult<T> =
  { outcome: 'done'; value: T } | { outcome: 'not-found' } | { outcome: 'stale'; currentVersion: number };

/** LIKE treats % and _ as wildcards; a search for "50%" means the text "50%". */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

const requestHash = (input: NoteInput) =>
  createHash('sha256')
    .update(JSON.stringify([input.title, input.body ?? '', input.tags ?? []]))
    .digest('hex');

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Every note change writes an outbox row in its own transaction: both commit, or neither does. */
const announce = (
  tx: Transaction,
  note: Pick<NoteRow, 'id' | 'ownerId'>,
  change: 'created' | 'updated' | 'deleted',
  tags: string[],
) => tx.insert(outbox).values({ noteId: note.id, ownerId: note.ownerId, change, tags: [...new Set(tags)] });

export function createNotesRepository(db: Database) {
  const owned = (ownerId: string, id: string) => and(eq(notes.id, id), eq(notes.ownerId, ownerId));

  async function currentVersion(ownerId: string, id: string): Promise<number | undefined> {
    const [row] = await db.select({ version: notes.version }).from(notes).where(owned(ownerId, id));
    return row?.version;
  }

  return {
    /**
     * Creates a note. With an idempotency key, the key row and the note commit together; a
     * repeat (even a concurrent one, which waits on the key's row lock) gets the first
     * response back, and the same key with a different body is refused.
     */
    async create(
      ownerId: string,
      input: NoteInput,
      idempotencyKey: string | undefined,
      render: (note: NoteRow) => unknown,
    ): Promise<CreateResult> {
      const insert = async (tx: Transaction) => {
        const [note] = await tx
          .insert(notes)
          .values({ ownerId, title: input.title, body: input.body ?? '', tags: input.tags ?? [] })
          .returning();
        await announce(tx, note!, 'created', note!.tags);
        return note!;
      };
      if (!idempotencyKey) return { outcome: 'created', note: await db.transaction(insert) };
      const hash = requestHash(input);
      return db.transaction(async (tx) => {
        const claimed = await tx
          .insert(idempotencyKeys)
          .values({ ownerId, key: idempotencyKey, requestHash: hash, status: 0, response: {} })
          .onConflictDoNothing()
          .returning({ key: idempotencyKeys.key });
        if (claimed.length === 0) {
          const [first] = await tx
            .select()
            .from(idempotencyKeys)
            .where(and(eq(idempotencyKeys.ownerId, ownerId), eq(idempotencyKeys.key, idempotencyKey)));
          if (!first || first.requestHash !== hash) return { outcome: 'key-reused' as const };
          return { outcome: 'replayed' as const, status: first.status, response: first.response };
        }
        const note = await insert(tx);
        await tx
          .update(idempotencyKeys)
          .set({ status: 201, response: render(note) })
          .where(and(eq(idempotencyKeys.ownerId, ownerId), eq(idempotencyKeys.key, idempotencyKey)));
        return { outcome: 'created' as const, note };
      });
    },

    async get(ownerId: string, id: string): Promise<NoteRow | undefined> {
      const [note] = await db.select().from(notes).where(owned(ownerId, id));
      return note;
    },

    /** Compare-and-set on the version: exactly one of several concurrent updates of version N wins. */
    async update(
      ownerId: string,
      id: string,
      expectedVersion: number,
      patch: NoteInput | Partial<NoteInput>,
    ): Promise<ChangeResult<NoteRow>> {
      const changed = await db.transaction(async (tx) => {
        // Locks the row, so the tags read here are the ones this update replaces.
        const [before] = await tx
          .select({ tags: notes.tags })
          .from(notes)
          .where(and(owned(ownerId, id), eq(notes.version, expectedVersion)))
          .for('update');
        if (!before) return undefined;
        const [note] = await tx
          .update(notes)
          .set({ ...patch, version: sql`${notes.version} + 1`, updatedAt: sql`now()` })
          .where(owned(ownerId, id))
          .returning();
        await announce(tx, note!, 'updated', [...before.tags, ...note!.tags]);
        return note!;
      });
      if (changed) return { outcome: 'done', value: changed };
      const version = await currentVersion(ownerId, id);
      return version === undefined ? { outcome: 'not-found' } : { outcome: 'stale', currentVersion: version };
    },

    async delete(ownerId: string, id: string, expectedVersion: number | undefined): Promise<ChangeResult<true>> {
      const conditions = [
        owned(ownerId, id),
        expectedVersion === undefined ? undefined : eq(notes.version, expectedVersion),
      ];
      const deleted = await db.transaction(async (tx) => {
        const [note] = await tx
          .delete(notes)
          .where(and(...conditions))
          .returning({ id: notes.id, ownerId: notes.ownerId, tags: notes.tags });
        if (note) await announce(tx, note, 'deleted', note.tags);
        return note;
      });
      if (deleted) return { outcome: 'done', value: true };
      const version = await currentVersion(ownerId, id);
      return version === undefined ? { outcome: 'not-found' } : { outcome: 'stale', currentVersion: version };
    },

    /** Notes whose title or body contains the text (literally), newest first. */
    search(ownerId: string, text: string, limit: number): Promise<NoteRow[]> {
      const pattern = `%${escapeLike(text)}%`;
      return db
        .select()
        .from(notes)
        .where(and(eq(notes.ownerId, ownerId), or(ilike(notes.title, pattern), ilike(notes.body, pattern))))
        .orderBy(desc(notes.createdAt), desc(notes.id))
        .limit(limit);
    },

    /** Newest first, keyset-paginated on (created_at, id): stable under concurrent inserts. */
    async list(ownerId: string, query: { limit: number; cursor?: Cursor; tag?: string; q?: string }) {
      const filters: (SQL | undefined)[] = [eq(notes.ownerId, ownerId)];
      if (query.tag) filters.push(arrayContains(notes.tags, [query.tag]));
      if (query.q) filters.push(ilike(notes.title, `%${escapeLike(query.q)}%`));
      if (query.cursor) {
        filters.push(
          sql`(${notes.createdAt}, ${notes.id}) < (${query.cursor.createdAt}::timestamptz, ${query.cursor.id}::uuid)`,
        );
      }
      const rows = await db
        .select()
        .from(notes)
        .where(and(...filters))
        .orderBy(desc(notes.createdAt), desc(notes.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      const nextCursor =
        rows.length > query.limit && last
          ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
          : null;
      return { items, nextCursor };
    },

    /** The owner's notes among `ids` (ids of other owners' notes are ignored). */
    async getMany(ownerId: string, ids: string[]): Promise<NoteRow[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(notes)
        .where(and(eq(notes.ownerId, ownerId), inArray(notes.id, ids)));
    },

    /** Whether a change of the owner's notes still waits in the outbox for the memory graph. */
    async mirrorPending(ownerId: string): Promise<boolean> {
      const pending = await db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.ownerId, ownerId), isNull(outbox.deliveredAt)))
        .limit(1);
      return pending.length > 0;
    },

    /** How many notes there are, all owners together (the admin figures). */
    async countAll(): Promise<number> {
      const [row] = await db.select({ value: count() }).from(notes);
      return row?.value ?? 0;
    },
  };
}

export type NotesRepository = ReturnType<typeof createNotesRepository>;
