import { problemOf } from '@realdeps/http-testing';
import { schema } from '@repo/api';
import { noteFactory } from '@repo/factories';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { createNote, notesOf, type NoteBody } from '../support/notes.js';

const api = await apiUnderTest({ config: { bodyLimitBytes: 16 * 1024 } });

/** Tags are single words of at most 32 characters; the injection text, squeezed to fit. */
const asTag = (text: string) => text.replace(/\s/g, '').slice(0, 32);

const INJECTIONS = [
  "'; DROP TABLE notes; --",
  "' OR '1'='1",
  'Robert"); DELETE FROM users WHERE ("1"="1',
  '1; SELECT pg_sleep(5) --',
  '%_\\%',
];

describe('SQL-injection strings', () => {
  it.each(INJECTIONS)('are stored and returned literally in every text field: %s', async (text) => {
    const { user, auth } = await signedInUser(api.http);

    const created = await api.http
      .post('/notes')
      .set(auth)
      .send({ title: text, body: text, tags: [asTag(text)] });

    expect(created.status).toBe(201);
    expect(await notesOf(api, user.id)).toEqual([
      expect.objectContaining({ title: text, body: text, tags: [asTag(text)] }),
    ]);
  });

  it.each(INJECTIONS)('are searched and filtered literally: %s', async (text) => {
    const { auth } = await signedInUser(api.http);
    await createNote(api.http, auth, { title: `before ${text} after`, tags: ['kept'] });
    await createNote(api.http, auth, { title: 'an unrelated note', tags: ['kept'] });

    const byTitle = await api.http.get('/notes').set(auth).query({ q: text });
    const byTag = await api.http
      .get('/notes')
      .set(auth)
      .query({ tag: asTag(text) });

    expect(byTitle.body.items.map((note: NoteBody) => note.title)).toEqual([`before ${text} after`]);
    expect(byTag.body.items).toEqual([]);
  });

  it('in login credentials are just a wrong password', async () => {
    await signedInUser(api.http);

    const response = await api.http
      .post('/auth/login')
      .send({ email: "x@example.test' OR '1'='1", password: "' OR '1'='1" });

    expect(problemOf(response)).toMatchObject({ status: 400, detail: 'body.email must match format "email"' });
    const sneaky = await api.http.post('/auth/login').send({ email: 'admin@example.test', password: "' OR '1'='1" });
    expect(problemOf(sneaky)).toMatchObject({ status: 401, type: '/problems/invalid-credentials' });
  });
});

describe('request shape', () => {
  it('refuses a body over the size limit with 413 and writes nothing', async () => {
    const { user, auth } = await signedInUser(api.http);

    const response = await api.http
      .post('/notes')
      .set(auth)
      .send(noteFactory.build({ body: 'x'.repeat(20_000) }));

    expect(problemOf(response)).toMatchObject({
      status: 413,
      contentType: 'application/problem+json',
      type: '/problems/payload-too-large',
    });
    expect(await notesOf(api, user.id)).toEqual([]);
  });

  it('refuses a content type it does not speak with 415 and writes nothing', async () => {
    const { user, auth } = await signedInUser(api.http);

    const response = await api.http
      .post('/notes')
      .set(auth)
      .set('content-type', 'application/xml')
      .send('<note><title>x</title></note>');

    expect(problemOf(response)).toMatchObject({ status: 415, type: '/problems/unsupported-media-type' });
    expect(await notesOf(api, user.id)).toEqual([]);
  });

  it('refuses malformed JSON with 400', async () => {
    const { auth } = await signedInUser(api.http);

    const response = await api.http
      .post('/notes')
      .set(auth)
      .set('content-type', 'application/json')
      .send('{"title": "unterminated');

    expect(problemOf(response)).toMatchObject({ status: 400, type: '/problems/malformed-request' });
  });

  it('rejects unknown fields by name instead of ignoring them', async () => {
    const { user, auth } = await signedInUser(api.http);

    const response = await api.http
      .post('/notes')
      .set(auth)
      .send({ ...noteFactory.build(), isAdmin: true });

    expect(problemOf(response)).toMatchObject({ status: 400, detail: 'body.isAdmin is not allowed' });
    expect(await notesOf(api, user.id)).toEqual([]);
  });

  it('does not let a user raise their own role at registration', async () => {
    const response = await api.http
      .post('/auth/register')
      .send({ email: 'climber@example.test', password: 'long-enough-1', role: 'admin' });

    expect(problemOf(response)).toMatchObject({ status: 400, detail: 'body.role is not allowed' });
    expect(await api.db.select().from(schema.users).where(eq(schema.users.email, 'climber@example.test'))).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('marks every route behind an access token with the bearer scheme, and no other', async () => {
    const { paths } = (await api.http.get('/openapi.json')).body as {
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    const secured = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.security)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );

    expect(secured).toEqual(
      expect.arrayContaining(['GET /notes', 'POST /notes', 'GET /me', 'POST /auth/logout', 'GET /search']),
    );
    expect(secured).not.toEqual(expect.arrayContaining(['POST /auth/login']));
    expect(secured.filter((route) => route.startsWith('POST /auth/') && route !== 'POST /auth/logout')).toEqual([]);
    expect(paths['/notes']!.get!.security).toEqual([{ bearer: [] }]);
  });
});
