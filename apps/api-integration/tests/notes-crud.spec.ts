import { problemOf } from '@realdeps/http-testing';
import { noteFactory } from '@repo/factories';
import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { createNote, noteRow, notesOf } from '../support/notes.js';

const api = await apiUnderTest();

describe('POST /notes', () => {
  it('stores the note for its owner and returns it with Location and ETag', async () => {
    const { user, auth } = await signedInUser(api.http);
    const input = noteFactory.build({ tags: ['work', 'ideas'] });

    const response = await api.http.post('/notes').set(auth).send(input);

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      ...input,
      id: expect.any(String),
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(response.headers).toMatchObject({ location: `/notes/${response.body.id}`, etag: '"1"' });
    expect(await noteRow(api, response.body.id)).toMatchObject({ ...input, ownerId: user.id, version: 1 });
  });

  it.each([
    [{ body: 'no title' }, 'body.title is required'],
    [{ title: '' }, 'body.title must NOT have fewer than 1 characters'],
    [{ title: 'x'.repeat(201) }, 'body.title must NOT have more than 200 characters'],
    [
      { title: 't', tags: ['same', 'same'] },
      'body.tags must NOT have duplicate items (items ## 1 and 0 are identical)',
    ],
    [{ title: 'a\u0000b' }, 'body.title must not contain the NUL character (U+0000)'],
    [{ title: 't', body: '\u0000' }, 'body.body must not contain the NUL character (U+0000)'],
    [{ title: 't', tags: ['ok', 'n\u0000l'] }, 'body.tags.1 must not contain the NUL character (U+0000)'],
  ])('rejects %j with 400 naming the field, and writes nothing', async (body, detail) => {
    const { user, auth } = await signedInUser(api.http);

    const response = await api.http.post('/notes').set(auth).send(body);

    expect(problemOf(response)).toMatchObject({ status: 400, type: '/problems/validation', detail });
    expect(await notesOf(api, user.id)).toEqual([]);
  });

  it.each(['id', 'ownerId', 'version', 'createdAt'])(
    'refuses a client-set %s (mass assignment) with 400 and writes nothing',
    async (field) => {
      const { user, auth } = await signedInUser(api.http);

      const response = await api.http
        .post('/notes')
        .set(auth)
        .send({ ...noteFactory.build(), [field]: field === 'version' ? 99 : 'forged' });

      expect(problemOf(response)).toMatchObject({ status: 400, detail: `body.${field} is not allowed` });
      expect(await notesOf(api, user.id)).toEqual([]);
    },
  );
});

describe('GET /notes/:id', () => {
  it('returns the owner their note with its ETag', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);

    const response = await api.http.get(`/notes/${note.id}`).set(auth);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(note);
    expect(response.headers.etag).toBe('"1"');
  });

  it("answers 404 for another user's note, exactly as for a note that does not exist", async () => {
    const owner = await signedInUser(api.http);
    const stranger = await signedInUser(api.http);
    const note = await createNote(api.http, owner.auth);

    const foreign = await api.http.get(`/notes/${note.id}`).set(stranger.auth);
    const absent = await api.http.get('/notes/00000000-0000-4000-8000-000000000000').set(stranger.auth);

    expect(problemOf(foreign)).toMatchObject({ status: 404, type: '/problems/not-found' });
    expect(problemOf(absent)).toMatchObject({ status: 404, type: '/problems/not-found' });
  });

  it('rejects an id that is not a UUID with 400 naming the parameter', async () => {
    const { auth } = await signedInUser(api.http);

    const response = await api.http.get('/notes/42').set(auth);

    expect(problemOf(response)).toMatchObject({ status: 400, detail: 'params.id must match format "uuid"' });
  });
});

describe('PATCH /notes/:id', () => {
  it('updates the fields sent when If-Match names the current version, and bumps the version', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth, { title: 'before' });

    const response = await api.http
      .patch(`/notes/${note.id}`)
      .set(auth)
      .set('if-match', '"1"')
      .send({ title: 'after' });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ title: 'after', body: note.body, version: 2 });
    expect(response.headers.etag).toBe('"2"');
    expect(await noteRow(api, note.id)).toMatchObject({ title: 'after', version: 2 });
  });

  it('refuses a stale version with 412 and the current version, and changes nothing', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth, { title: 'original' });
    await api.http.patch(`/notes/${note.id}`).set(auth).set('if-match', '"1"').send({ body: 'edited elsewhere' });

    const response = await api.http
      .patch(`/notes/${note.id}`)
      .set(auth)
      .set('if-match', '"1"')
      .send({ title: 'lost update' });

    expect(problemOf(response)).toMatchObject({ status: 412, type: '/problems/stale-version' });
    expect(response.body.currentVersion).toBe(2);
    expect(await noteRow(api, note.id)).toMatchObject({ title: 'original', body: 'edited elsewhere', version: 2 });
  });

  it('requires If-Match (428), so no client overwrites blindly', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);

    const response = await api.http.patch(`/notes/${note.id}`).set(auth).send({ title: 'blind' });

    expect(problemOf(response)).toMatchObject({ status: 428, type: '/problems/precondition-required' });
    expect(await noteRow(api, note.id)).toMatchObject({ title: note.title, version: 1 });
  });

  it("cannot change another user's note: 404, and the note stays as it was", async () => {
    const owner = await signedInUser(api.http);
    const stranger = await signedInUser(api.http);
    const note = await createNote(api.http, owner.auth);

    const response = await api.http
      .patch(`/notes/${note.id}`)
      .set(stranger.auth)
      .set('if-match', '"1"')
      .send({ title: 'defaced' });

    expect(problemOf(response)).toMatchObject({ status: 404 });
    expect(await noteRow(api, note.id)).toMatchObject({ title: note.title, version: 1 });
  });

  it('rejects an empty patch with 400', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);

    const response = await api.http.patch(`/notes/${note.id}`).set(auth).set('if-match', '"1"').send({});

    expect(problemOf(response)).toMatchObject({ status: 400, type: '/problems/validation' });
  });
});

describe('DELETE /notes/:id', () => {
  it('deletes the note', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);

    const response = await api.http.delete(`/notes/${note.id}`).set(auth);

    expect(response.status).toBe(204);
    expect(await noteRow(api, note.id)).toBeUndefined();
  });

  it("cannot delete another user's note", async () => {
    const owner = await signedInUser(api.http);
    const stranger = await signedInUser(api.http);
    const note = await createNote(api.http, owner.auth);

    const response = await api.http.delete(`/notes/${note.id}`).set(stranger.auth);

    expect(problemOf(response)).toMatchObject({ status: 404 });
    expect(await noteRow(api, note.id)).toBeDefined();
  });

  it('with a stale If-Match answers 412 and keeps the note', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);
    await api.http.patch(`/notes/${note.id}`).set(auth).set('if-match', '"1"').send({ title: 'changed' });

    const response = await api.http.delete(`/notes/${note.id}`).set(auth).set('if-match', '"1"');

    expect(problemOf(response)).toMatchObject({ status: 412 });
    expect(await noteRow(api, note.id)).toBeDefined();
  });
});
