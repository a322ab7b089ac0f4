import { problemOf } from '@realdeps/http-testing';
import { schema } from '@repo/api';
import { noteFactory } from '@repo/factories';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { createNote, notesOf, outboxRowsOf } from '../support/notes.js';

// No memory service here: rows queue up, which is exactly what these tests read.
// Delivery to a real memory service is tested in cross-service-integration.
const api = await apiUnderTest();

describe('the transactional outbox', () => {
  it("writes a 'created' row with the note, naming its owner and tags", async () => {
    const { user, auth } = await signedInUser(api.http);

    const note = await createNote(api.http, auth, { tags: ['sea', 'moon'] });

    expect(await outboxRowsOf(api, note.id)).toEqual([
      expect.objectContaining({
        noteId: note.id,
        ownerId: user.id,
        change: 'created',
        tags: ['sea', 'moon'],
        attempts: 0,
        deliveredAt: null,
      }),
    ]);
  });

  it("writes an 'updated' row naming the tags before and after", async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth, { tags: ['sea'] });

    const response = await api.http
      .patch(`/notes/${note.id}`)
      .set(auth)
      .set('if-match', '"1"')
      .send({ tags: ['moon'] });

    expect(response.status).toBe(200);
    expect((await outboxRowsOf(api, note.id)).map(({ change, tags }) => ({ change, tags }))).toEqual([
      { change: 'created', tags: ['sea'] },
      { change: 'updated', tags: expect.arrayContaining(['sea', 'moon']) },
    ]);
  });

  it("writes a 'deleted' row with the note's last tags", async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth, { tags: ['sea'] });

    const response = await api.http.delete(`/notes/${note.id}`).set(auth);

    expect(response.status).toBe(204);
    expect((await outboxRowsOf(api, note.id)).at(-1)).toMatchObject({ change: 'deleted', tags: ['sea'] });
  });

  it('writes no row for a stale update (412) or a refused note (400)', async () => {
    const { user, auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);

    const stale = await api.http.patch(`/notes/${note.id}`).set(auth).set('if-match', '"7"').send({ title: 'late' });
    const refused = await api.http.post('/notes').set(auth).send({ body: 'no title' });

    expect([stale.status, refused.status]).toEqual([412, 400]);
    expect(await api.db.select().from(schema.outbox).where(eq(schema.outbox.ownerId, user.id))).toEqual([
      expect.objectContaining({ change: 'created' }),
    ]);
  });

  it('writes one row for a create replayed with the same Idempotency-Key', async () => {
    const { auth } = await signedInUser(api.http);
    const input = noteFactory.build();

    const first = await api.http.post('/notes').set(auth).set('idempotency-key', 'outbox-once').send(input);
    const replay = await api.http.post('/notes').set(auth).set('idempotency-key', 'outbox-once').send(input);

    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await outboxRowsOf(api, first.body.id)).toHaveLength(1);
  });

  it('saves no note when its outbox row cannot be written: both commit or neither does', async () => {
    const { user, auth } = await signedInUser(api.http);
    await api.pool
      .query(`CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox refused by the test'; END $$;
                          CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox()`);
    try {
      const response = await api.http.post('/notes').set(auth).send(noteFactory.build());

      expect(problemOf(response)).toMatchObject({ status: 500 });
      expect(await notesOf(api, user.id)).toEqual([]);
    } finally {
      await api.pool.query('DROP TRIGGER refuse_outbox ON outbox; DROP FUNCTION refuse_outbox()');
    }
  });
});

describe('routes that need another service, when it is not configured', () => {
  it('GET /notes/:id/related answers 503 with Retry-After, naming memory', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);

    const response = await api.http.get(`/notes/${note.id}/related`).set(auth);

    expect(problemOf(response)).toMatchObject({
      status: 503,
      contentType: 'application/problem+json',
      type: '/problems/dependency-unavailable',
    });
    expect(response.body).toMatchObject({
      dependency: 'memory',
      detail: 'Related notes need the memory service, and none is configured (MEMORY_URL).',
    });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('GET /search answers with the notes alone, flagged partial', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth, { title: 'Spring tides at the estuary' });

    const response = await api.http.get('/search').query({ q: 'estuary' }).set(auth);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      notes: [note],
      documents: [],
      partial: true,
      unavailable: [{ source: 'documents', reason: 'docs is not configured (DOCS_URL)' }],
    });
  });
});
