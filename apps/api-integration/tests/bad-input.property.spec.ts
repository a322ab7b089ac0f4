import { schema } from '@repo/api';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { createNote, notesOf } from '../support/notes.js';

const api = await apiUnderTest();
const seed = Number(process.env.IT_SEED ?? 1);
const runs = { numRuns: 150, seed };

/** Bodies that are wrong in every way a client gets them wrong: types, shapes, extra keys. */
const badValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 300 }),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const noteBody = fc.oneof(
  fc.anything(),
  fc.record({ title: badValue, body: badValue, tags: badValue }, { requiredKeys: [] }),
  fc.record({ title: fc.string({ maxLength: 300 }), extra: badValue }),
  fc.dictionary(fc.string({ maxLength: 12 }), badValue, { maxKeys: 4 }),
);

/** What the schema accepts; every other body must get a 400 and write nothing. */
const isValidNote = (body: unknown, partial: boolean): boolean => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { title, body: text, tags, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return false;
  if (!partial && title === undefined) return false;
  if (partial && title === undefined && text === undefined && tags === undefined) return false;
  if (title !== undefined && (typeof title !== 'string' || title.length < 1 || title.length > 200)) return false;
  if (text !== undefined && (typeof text !== 'string' || text.length > 10_000)) return false;
  if (tags !== undefined) {
    if (!Array.isArray(tags) || tags.length > 20 || new Set(tags).size !== tags.length) return false;
    if (!tags.every((tag) => typeof tag === 'string' && /^\S+$/.test(tag) && tag.length <= 32)) return false;
  }
  return true;
};

describe('generated bad input (fast-check)', () => {
  it('POST /notes never answers 5xx, and an invalid body gets 400 and writes no row', async () => {
    const { user, auth } = await signedInUser(api.http);
    await fc.assert(
      fc.asyncProperty(noteBody, async (body) => {
        const before = (await notesOf(api, user.id)).length;
        const response = await api.http
          .post('/notes')
          .set(auth)
          .set('content-type', 'application/json')
          .send(JSON.stringify(body) ?? 'null');
        const after = (await notesOf(api, user.id)).length;
        expect(response.status, `sent ${JSON.stringify(body)}, got ${JSON.stringify(response.body)}`).toBe(
          isValidNote(body, false) ? 201 : 400,
        );
        expect(after - before).toBe(isValidNote(body, false) ? 1 : 0);
      }),
      runs,
    );
  });

  it('PATCH /notes/:id never answers 5xx, and an invalid body changes nothing', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);
    await fc.assert(
      fc.asyncProperty(
        noteBody.filter((body) => !isValidNote(body, true)),
        async (body) => {
          const response = await api.http
            .patch(`/notes/${note.id}`)
            .set(auth)
            .set('if-match', '"1"')
            .set('content-type', 'application/json')
            .send(JSON.stringify(body) ?? 'null');
          expect(response.status, `sent ${JSON.stringify(body)}, got ${JSON.stringify(response.body)}`).toBe(400);
        },
      ),
      runs,
    );
    const [row] = await api.db.select().from(schema.notes).where(eq(schema.notes.id, note.id));
    expect(row).toMatchObject({ title: note.title, version: 1 });
  });

  it('POST /auth/register never answers 5xx and creates no account from a bad body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ email: badValue, password: badValue }, { requiredKeys: [] }),
          fc.record({ email: fc.emailAddress(), password: fc.string({ maxLength: 9 }) }),
        ),
        async (body) => {
          const before = await api.db.$count(schema.users);
          const response = await api.http
            .post('/auth/register')
            .set('content-type', 'application/json')
            .send(JSON.stringify(body) ?? 'null');
          expect(response.status, `sent ${JSON.stringify(body)}, got ${JSON.stringify(response.body)}`).toBe(400);
          // This file's database is its own and its tests run one at a time: nobody else writes users.
          expect(await api.db.$count(schema.users)).toBe(before);
        },
      ),
      runs,
    );
  });
});
