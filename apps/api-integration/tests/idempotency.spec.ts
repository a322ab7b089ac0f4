import { problemOf } from '@realdeps/http-testing';
import { schema } from '@repo/api';
import { noteFactory } from '@repo/factories';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { notesOf } from '../support/notes.js';

const api = await apiUnderTest();

describe('POST /notes with an Idempotency-Key', () => {
  it('replays the first response for a repeat and creates one note', async () => {
    const { user, auth } = await signedInUser(api.http);
    const input = noteFactory.build();

    const first = await api.http.post('/notes').set(auth).set('idempotency-key', 'create-1').send(input);
    const repeat = await api.http.post('/notes').set(auth).set('idempotency-key', 'create-1').send(input);

    expect(first.status).toBe(201);
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(await notesOf(api, user.id)).toHaveLength(1);
  });

  it('creates one note when the same request arrives 8 times at once', async () => {
    const { user, auth } = await signedInUser(api.http);
    const input = noteFactory.build();

    const responses = await Promise.all(
      Array.from({ length: 8 }, () => api.http.post('/notes').set(auth).set('idempotency-key', 'burst').send(input)),
    );

    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([201]));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(await notesOf(api, user.id)).toHaveLength(1);
  });

  it('refuses the same key with a different body (422) and writes nothing more', async () => {
    const { user, auth } = await signedInUser(api.http);
    await api.http
      .post('/notes')
      .set(auth)
      .set('idempotency-key', 'k')
      .send(noteFactory.build({ title: 'first' }));

    const response = await api.http
      .post('/notes')
      .set(auth)
      .set('idempotency-key', 'k')
      .send(noteFactory.build({ title: 'second' }));

    expect(problemOf(response)).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });
    expect((await notesOf(api, user.id)).map((note) => note.title)).toEqual(['first']);
  });

  it('keeps keys per user: two users may use the same key', async () => {
    const alice = await signedInUser(api.http);
    const bob = await signedInUser(api.http);

    const responses = await Promise.all(
      [alice, bob].map((who) =>
        api.http.post('/notes').set(who.auth).set('idempotency-key', 'shared-key').send(noteFactory.build()),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual([201, 201]);
    const keys = await api.db.select().from(schema.idempotencyKeys).where(eq(schema.idempotencyKeys.key, 'shared-key'));
    expect(keys.map((key) => key.ownerId).sort()).toEqual([alice.user.id, bob.user.id].sort());
  });
});
