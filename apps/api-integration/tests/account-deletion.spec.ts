import { problemOf } from '@realdeps/http-testing';
import { schema } from '@repo/api';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bearer, logIn, signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { createNote, notesOf } from '../support/notes.js';

const api = await apiUnderTest();

describe('DELETE /me', () => {
  it('deletes the account and its notes, announces each note deleted, and ends every session', async () => {
    const { user, tokens, auth } = await signedInUser(api.http);
    const otherDevice = await logIn(api.http, user);
    const notes = [await createNote(api.http, auth, { tags: ['sea'] }), await createNote(api.http, auth)];

    const response = await api.http.delete('/me').set(auth);

    expect(response.status).toBe(204);
    expect(await api.db.select().from(schema.users).where(eq(schema.users.id, user.id))).toEqual([]);
    expect(await notesOf(api, user.id)).toEqual([]);
    const announced = await api.db
      .select({ noteId: schema.outbox.noteId, change: schema.outbox.change })
      .from(schema.outbox)
      .where(eq(schema.outbox.ownerId, user.id));
    expect(
      announced
        .filter((row) => row.change === 'deleted')
        .map((row) => row.noteId)
        .sort(),
    ).toEqual(notes.map((note) => note.id).sort());
    const afterwards = await Promise.all([
      api.http.get('/me').set(auth),
      api.http.get('/notes').set(bearer(otherDevice)),
      api.http.post('/auth/refresh').send({ refreshToken: tokens.refreshToken }),
      api.http.post('/auth/login').send({ email: user.email, password: user.password }),
    ]);
    expect(afterwards.map((each) => [problemOf(each).status, problemOf(each).type])).toEqual([
      [401, '/problems/session-ended'],
      [401, '/problems/session-ended'],
      [401, '/problems/invalid-refresh-token'],
      [401, '/problems/invalid-credentials'],
    ]);
  });

  it("leaves other users' accounts and notes alone", async () => {
    const leaving = await signedInUser(api.http);
    const staying = await signedInUser(api.http);
    const kept = await createNote(api.http, staying.auth);

    await api.http.delete('/me').set(leaving.auth).expect(204);

    expect((await api.http.get(`/notes/${kept.id}`).set(staying.auth)).status).toBe(200);
  });
});

describe('an account removed behind the api', () => {
  it('gets 401 for a note written with its still-live token, not a 500', async () => {
    const { user, auth } = await signedInUser(api.http);
    await api.pool.query('DELETE FROM users WHERE id = $1', [user.id]);

    const response = await api.http.post('/notes').set(auth).send({ title: 'after the account went' });

    expect(problemOf(response)).toMatchObject({ status: 401, type: '/problems/session-ended' });
  });
});
