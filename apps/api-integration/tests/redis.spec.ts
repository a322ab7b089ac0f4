import { problemOf } from '@realdeps/http-testing';
import { waitFor } from '@realdeps/provisioning';
import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { createNote } from '../support/notes.js';

const api = await apiUnderTest();

describe('the note cache in Redis', () => {
  it('misses, then fills the cache with a TTL, then hits', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);

    const first = await api.http.get(`/notes/${note.id}`).set(auth);
    const ttl = await api.redis.client.ttl(`note:${note.id}`);
    const second = await api.http.get(`/notes/${note.id}`).set(auth);

    expect(first.headers['x-cache']).toBe('miss');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(api.config.noteCacheTtlSeconds);
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.body).toEqual(first.body);
  });

  it('is invalidated by an update, so the next read shows the new version', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth, { title: 'old' });
    await api.http.get(`/notes/${note.id}`).set(auth);

    await api.http.patch(`/notes/${note.id}`).set(auth).set('if-match', '"1"').send({ title: 'new' });

    expect(await api.redis.client.exists(`note:${note.id}`)).toBe(0);
    const read = await api.http.get(`/notes/${note.id}`).set(auth);
    expect(read.headers['x-cache']).toBe('miss');
    expect(read.body).toMatchObject({ title: 'new', version: 2 });
  });

  it('is invalidated by a delete', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);
    await api.http.get(`/notes/${note.id}`).set(auth);

    await api.http.delete(`/notes/${note.id}`).set(auth);

    expect(await api.redis.client.exists(`note:${note.id}`)).toBe(0);
    expect((await api.http.get(`/notes/${note.id}`).set(auth)).status).toBe(404);
  });

  it('never serves a cached note to another user', async () => {
    const owner = await signedInUser(api.http);
    const stranger = await signedInUser(api.http);
    const note = await createNote(api.http, owner.auth);
    await api.http.get(`/notes/${note.id}`).set(owner.auth);

    expect(problemOf(await api.http.get(`/notes/${note.id}`).set(stranger.auth))).toMatchObject({ status: 404 });
  });
});

describe('sessions in Redis', async () => {
  const shortSessions = await apiUnderTest({ config: { sessionTtlSeconds: 1 } });

  it('expire after their TTL, and the access token stops working with them', async () => {
    const { auth } = await signedInUser(shortSessions.http);
    expect((await shortSessions.http.get('/me').set(auth)).status).toBe(200);

    const expired = await waitFor(
      'the 1-second session to expire in Redis',
      5000,
      async () => {
        const response = await shortSessions.http.get('/me').set(auth);
        return response.status === 401 ? response : undefined;
      },
      200,
    );

    expect(problemOf(expired)).toMatchObject({ status: 401, type: '/problems/session-ended' });
  });
});
