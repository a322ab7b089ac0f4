import { schema } from '@repo/api';
import { noteFactory, type NoteInput } from '@repo/factories';
import { eq } from 'drizzle-orm';
import type pg from 'pg';
import type supertest from 'supertest';
import { expect } from 'vitest';
import type { ApiUnderTest } from './api-under-test.js';

export interface NoteBody {
  id: string;
  title: string;
  body: string;
  tags: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export async function createNote(
  http: ReturnType<typeof supertest>,
  auth: Record<string, string>,
  overrides: Partial<NoteInput> = {},
): Promise<NoteBody> {
  const response = await http.post('/notes').set(auth).send(noteFactory.build(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as NoteBody;
}

export async function noteRow(api: ApiUnderTest, id: string) {
  const [row] = await api.db.select().from(schema.notes).where(eq(schema.notes.id, id));
  return row;
}

export const notesOf = (api: ApiUnderTest, ownerId: string) =>
  api.db.select().from(schema.notes).where(eq(schema.notes.ownerId, ownerId));

/**
 * Inserts `count` notes for one owner in a single statement (factories build the content,
 * unnest() sends it in bulk), with distinct creation times a second apart.
 */
export async function seedNotes(
  pool: pg.Pool,
  ownerId: string,
  count: number,
  build: (index: number) => Partial<NoteInput> = () => ({}),
) {
  const notes = Array.from({ length: count }, (_, index) => noteFactory.build(build(index)));
  await pool.query(
    `INSERT INTO notes (owner_id, title, body, tags, created_at)
     SELECT $1, n.title, n.body, ARRAY(SELECT jsonb_array_elements_text(n.tags)), now() - make_interval(secs => n.ord)
     FROM unnest($2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS n(title, body, tags, ord)`,
    [
      ownerId,
      notes.map((note) => note.title),
      notes.map((note) => note.body),
      notes.map((note) => JSON.stringify(note.tags)),
    ],
  );
  return notes;
}

/** The outbox rows announcing changes of one note, oldest first. */
export const outboxRowsOf = (api: ApiUnderTest, noteId: string) =>
  api.db.select().from(schema.outbox).where(eq(schema.outbox.noteId, noteId)).orderBy(schema.outbox.id);
