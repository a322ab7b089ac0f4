import { problemOf } from '@realdeps/http-testing';
import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { createNote, seedNotes, type NoteBody } from '../support/notes.js';

const api = await apiUnderTest();

async function allPages(auth: Record<string, string>, query: Record<string, string | number>) {
  const seen: NoteBody[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await api.http
      .get('/notes')
      .set(auth)
      .query({ ...query, ...(cursor ? { cursor } : {}) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    seen.push(...(response.body.items as NoteBody[]));
    cursor = response.body.nextCursor as string | null;
    pages++;
  } while (cursor && pages < 1000);
  return { seen, pages };
}

describe('GET /notes', () => {
  it("pages through thousands of notes newest first, each exactly once, and only the caller's", async () => {
    const me = await signedInUser(api.http);
    const someoneElse = await signedInUser(api.http);
    await seedNotes(api.pool, me.user.id, 2500);
    await seedNotes(api.pool, someoneElse.user.id, 300);

    const { seen, pages } = await allPages(me.auth, { limit: 100 });

    expect(pages).toBe(25);
    expect(new Set(seen.map((note) => note.id)).size).toBe(2500);
    const times = seen.map((note) => Date.parse(note.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('keeps pagination stable when notes are added meanwhile (keyset, not offset)', async () => {
    const { user, auth } = await signedInUser(api.http);
    await seedNotes(api.pool, user.id, 30);
    const first = await api.http.get('/notes').set(auth).query({ limit: 10 });

    await createNote(api.http, auth, { title: 'added while paging' });
    const rest = await allPages(auth, { limit: 10, cursor: first.body.nextCursor });

    const ids = [...first.body.items, ...rest.seen].map((note: NoteBody) => note.id);
    expect(new Set(ids).size).toBe(30);
    expect(rest.seen.some((note) => note.title === 'added while paging')).toBe(false);
  });

  it('filters by tag', async () => {
    const { user, auth } = await signedInUser(api.http);
    await seedNotes(api.pool, user.id, 60, (index) => ({ tags: index % 3 === 0 ? ['travel', 'work'] : ['home'] }));

    const { seen } = await allPages(auth, { limit: 50, tag: 'travel' });

    expect(seen).toHaveLength(20);
    expect(seen.every((note) => note.tags.includes('travel'))).toBe(true);
  });

  it('searches titles literally: % and _ are text, not wildcards', async () => {
    const { auth } = await signedInUser(api.http);
    await createNote(api.http, auth, { title: 'discount 50% off' });
    await createNote(api.http, auth, { title: 'discount 500 off' });
    await createNote(api.http, auth, { title: 'snake_case names' });
    await createNote(api.http, auth, { title: 'snakeXcase names' });

    const percent = await api.http.get('/notes').set(auth).query({ q: '50%' });
    const underscore = await api.http.get('/notes').set(auth).query({ q: 'snake_case' });

    expect(percent.body.items.map((note: NoteBody) => note.title)).toEqual(['discount 50% off']);
    expect(underscore.body.items.map((note: NoteBody) => note.title)).toEqual(['snake_case names']);
  });

  it.each([
    [{ limit: 0 }, 'querystring.limit must be >= 1'],
    [{ limit: 101 }, 'querystring.limit must be <= 100'],
    [{ cursor: 'bm90LWEtY3Vyc29y' }, 'querystring.cursor is not a cursor this API returned'],
    [{ sort: 'title' }, 'querystring.sort is not allowed'],
    [{ q: 'a\u0000b' }, 'querystring.q must not contain the NUL character (U+0000)'],
    [{ tag: 'a\u0000b' }, 'querystring.tag must not contain the NUL character (U+0000)'],
  ])('rejects %j with 400 naming the parameter', async (query, detail) => {
    const { auth } = await signedInUser(api.http);

    const response = await api.http.get('/notes').set(auth).query(query);

    expect(problemOf(response)).toMatchObject({ status: 400, detail });
  });

  // Each decodes to the shape of a real cursor, but PostgreSQL refuses the value inside it.
  const id = '0b6d7f0e-4a0c-4a54-9a51-6f1c8e7b2d10';
  it.each([
    ['2026-02-30T00:00:00.000Z', id],
    ['0', id],
    ['+275760-09-13T00:00:00.000Z', id],
    ['2026-01-01T00:00:00.000Z', '-'.repeat(36)],
    ['2026-01-01T00:00:00.000Z', `${id.slice(0, 35)}-`],
  ])('rejects a crafted cursor (%s, %s) with 400, not a database error', async (createdAt, noteId) => {
    const { auth } = await signedInUser(api.http);
    const cursor = Buffer.from(JSON.stringify([createdAt, noteId])).toString('base64url');

    const response = await api.http.get('/notes').set(auth).query({ cursor });

    expect(problemOf(response)).toMatchObject({
      status: 400,
      detail: 'querystring.cursor is not a cursor this API returned',
    });
  });

  it('rejects NUL in the search across services with 400, before asking any of them', async () => {
    const { auth } = await signedInUser(api.http);

    const response = await api.http.get('/search').set(auth).query({ q: 'a\u0000b' });

    expect(problemOf(response)).toMatchObject({
      status: 400,
      detail: 'querystring.q must not contain the NUL character (U+0000)',
    });
  });
});
