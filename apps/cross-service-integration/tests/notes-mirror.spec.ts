import { noteFactory } from '@repo/factories';
import { describe, expect, it } from 'vitest';
import { expectedGraph, graphIn, graphOfThisFile, pendingOutbox } from '../support/mirror.js';
import { apiService, memoryService } from '../support/services.js';

// The real api (PostgreSQL, Redis) mirroring notes into the real memory service (Neo4j)
// through its outbox relay; memory is stopped and started for real. This file's database and
// namespace are its own, so after each test the whole namespace must equal what the whole
// database implies.
const memory = await memoryService();
const { driver, namespace } = await graphOfThisFile();
const api = await apiService({
  memoryUrl: memory.url,
  memoryNamespace: namespace,
  outbox: { pollIntervalMs: 50, retryBaseMs: 50, retryMaxMs: 400 },
  dependencies: { timeoutMs: 1000, retries: 1, retryBaseMs: 20, breakerThreshold: 3, breakerHalfOpenMs: 300 },
});

const caughtUp = () =>
  expect
    .poll(() => pendingOutbox(api.pool), { timeout: 15_000, interval: 50, message: 'outbox rows still pending' })
    .toEqual([]);
const create = async (auth: Record<string, string>, overrides: Parameters<typeof noteFactory.build>[0] = {}) => {
  const response = await api.http.post('/notes').set(auth).send(noteFactory.build(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; title: string; tags: string[]; version: number };
};

describe('mirroring notes into the memory graph', () => {
  it('mirrors a new note with its tags, and GET /notes/:id/related finds the notes that share one', async () => {
    const { auth } = await api.signedIn();
    const tides = await create(auth, { title: 'Tides', tags: ['sea', 'moon'] });
    const harbour = await create(auth, { title: 'Harbour', tags: ['sea'] });
    await create(auth, { title: 'Taxes', tags: ['money'] });

    await caughtUp();
    const related = await api.http.get(`/notes/${tides.id}/related`).set(auth);

    expect(await graphIn(driver, namespace)).toEqual(await expectedGraph(api.pool));
    expect(related.status).toBe(200);
    expect(related.body).toEqual({
      items: [{ note: expect.objectContaining({ id: harbour.id, title: 'Harbour' }), sharedTags: ['sea'] }],
      mirrorPending: false,
    });
  });

  it('reads related notes from PostgreSQL in two statements, whether 1 note is related or 25 (no N+1)', async () => {
    const { auth } = await api.signedIn();
    const lonely = await create(auth, { title: 'Lonely', tags: ['fog'] });
    await create(auth, { title: 'Fog too', tags: ['fog'] });
    const crowded = await create(auth, { title: 'Crowded', tags: ['rain'] });
    for (let i = 0; i < 25; i++) await create(auth, { title: `Rain ${i}`, tags: ['rain'] });
    await caughtUp();

    const notesReadFor = async (id: string, related: number) => {
      const { value: response, statements } = await api.statements.during(async () =>
        api.http.get(`/notes/${id}/related`).query({ limit: 100 }).set(auth),
      );
      expect(response.body.items).toHaveLength(related);
      // The relay polls the outbox on the same pool meanwhile; the notes table is the route's alone.
      // An IN list has a parameter per id: the same statement, whatever its length.
      return statements
        .filter((statement) => /from "notes"/i.test(statement.text))
        .map((each) => each.text.replace(/\$\d+(, \$\d+)*/g, '$n'));
    };

    const few = await notesReadFor(lonely.id, 1);
    const many = await notesReadFor(crowded.id, 25);
    expect(few, 'the note itself, then its related notes in one read').toHaveLength(2);
    expect(many).toEqual(few);
  });

  it('answers related notes at most `limit` at a time (20 unless asked, up to 100), most shared tags first', async () => {
    const { auth } = await api.signedIn();
    const base = await create(auth, { title: 'Base', tags: ['sea', 'moon'] });
    const closest = await create(auth, { title: 'Closest', tags: ['sea', 'moon'] });
    for (let i = 0; i < 24; i++) await create(auth, { title: `Sea ${i}`, tags: ['sea'] });
    await caughtUp();

    const [byDefault, five, tooMany] = await Promise.all([
      api.http.get(`/notes/${base.id}/related`).set(auth),
      api.http.get(`/notes/${base.id}/related`).query({ limit: 5 }).set(auth),
      api.http.get(`/notes/${base.id}/related`).query({ limit: 101 }).set(auth),
    ]);

    expect(byDefault.body.items).toHaveLength(20);
    expect(five.body.items).toHaveLength(5);
    expect(five.body.items[0]).toMatchObject({ note: { id: closest.id }, sharedTags: ['sea', 'moon'] });
    expect(tooMany.status).toBe(400);
  });

  it("removes a deleted account's notes and tags from the graph", async () => {
    const { auth } = await api.signedIn();
    await create(auth, { title: 'Leaving soon', tags: ['farewell', 'sea'] });
    await create(auth, { title: 'Also leaving', tags: ['farewell'] });
    await caughtUp();
    const before = await graphIn(driver, namespace);

    await api.http.delete('/me').set(auth).expect(204);
    await caughtUp();

    const after = await graphIn(driver, namespace);
    expect(after).toEqual(await expectedGraph(api.pool));
    expect(after.entities.length).toBeLessThan(before.entities.length);
    expect(after.entities.map((entity) => entity.observations).flat()).not.toContain('Leaving soon');
  });

  it('mirrors updates and deletes: the new title, the new tags, and no tag left that no note has', async () => {
    const { userId, auth } = await api.signedIn();
    const kept = await create(auth, { title: 'Draft', tags: ['old', 'shared'] });
    const removed = await create(auth, { title: 'Gone soon', tags: ['lonely', 'shared'] });

    await api.http
      .patch(`/notes/${kept.id}`)
      .set(auth)
      .set('if-match', '"1"')
      .send({ title: 'Final', tags: ['new', 'shared'] })
      .expect(200);
    await api.http.delete(`/notes/${removed.id}`).set(auth).expect(204);
    await caughtUp();

    const mirrored = await graphIn(driver, namespace);
    expect(mirrored).toEqual(await expectedGraph(api.pool));
    expect(
      mirrored.entities
        .filter((entity) => entity.name.startsWith(`tag:${userId}:`))
        .map((entity) => entity.observations),
    ).toEqual([['new'], ['shared']]);
    expect(mirrored.entities.map((entity) => entity.name)).not.toContain(`note:${removed.id}`);
    expect(mirrored.entities.map((entity) => entity.name)).not.toContain(`tag:${userId}:lonely`);
  });

  it('keeps saving notes while memory is stopped, answers related-notes with 503, and catches up exactly when memory is back', async () => {
    const { auth } = await api.signedIn();
    const before = await create(auth, { tags: ['before'] });
    await caughtUp();

    await memory.stop();
    try {
      const created = [];
      for (let i = 0; i < 8; i++) created.push(await create(auth, { tags: [`t${i % 3}`, 'outage'] }));
      await api.http
        .patch(`/notes/${created[0]!.id}`)
        .set(auth)
        .set('if-match', '"1"')
        .send({ title: 'Renamed during the outage', tags: ['t9'] })
        .expect(200);
      await api.http.delete(`/notes/${created[1]!.id}`).set(auth).expect(204);
      await api.http.delete(`/notes/${before.id}`).set(auth).expect(204);

      // The relay has tried and is backing off: the rows wait, with the reason.
      await expect
        .poll(async () => (await pendingOutbox(api.pool)).some((row) => row.attempts > 0), { timeout: 10_000 })
        .toBe(true);
      const related = await api.http.get(`/notes/${created[2]!.id}/related`).set(auth);
      expect(related.status).toBe(503);
      expect(related.body).toMatchObject({ type: '/problems/dependency-unavailable', dependency: 'memory' });
      expect(Number(related.headers['retry-after'])).toBeGreaterThan(0);
      expect((await pendingOutbox(api.pool)).length).toBe(11);
    } finally {
      await memory.start();
    }

    await caughtUp();
    expect(await graphIn(driver, namespace)).toEqual(await expectedGraph(api.pool));
  });
});
