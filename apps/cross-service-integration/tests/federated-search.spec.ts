import { startTcpFaultProxy } from '@realdeps/faults';
import { waitFor } from '@realdeps/provisioning';
import { afterAll, describe, expect, it } from 'vitest';
import { apiService, docsService } from '../support/services.js';

// The real api searching its notes and, over HTTP, the real docs service (its own database and
// file store), reached through a fault proxy that can cut it off.
const docs = await docsService();
const proxy = await startTcpFaultProxy({ host: '127.0.0.1', port: docs.port });
afterAll(() => proxy.stop());
const api = await apiService({
  docsUrl: `http://127.0.0.1:${proxy.port}`,
  dependencies: { timeoutMs: 1000, retries: 1, retryBaseMs: 20, breakerThreshold: 3, breakerHalfOpenMs: 300 },
});

// The document belongs to the user who searches: docs shows each user only their own.
const user = await api.signedIn();
const asUser = await docs.as(user.userId);
const upload = await asUser
  .post('/documents')
  .attach(
    'file',
    Buffer.from('# Tides\n\nSpring tides follow the new and the full moon; neap tides fall between them.\n'),
    { filename: 'tides.md', contentType: 'text/markdown' },
  );
expect(upload.status, JSON.stringify(upload.body)).toBe(202);
await waitFor(
  'the document to be indexed',
  15_000,
  async () => (await asUser.get(`/documents/${upload.body.id}`)).body.status === 'ready' || undefined,
  20,
);

describe('GET /search across notes and documents', () => {
  it('returns your matching notes and the matching passages from the docs service', async () => {
    const { auth } = user;
    const note = (
      await api.http
        .post('/notes')
        .set(auth)
        .send({ title: 'Spring tides at the estuary', tags: ['sea'] })
        .expect(201)
    ).body;
    await api.http.post('/notes').set(auth).send({ title: 'Groceries' }).expect(201);

    const response = await api.http.get('/search').query({ q: 'tides' }).set(auth);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      notes: [note],
      documents: [
        expect.objectContaining({
          documentId: upload.body.id,
          filename: 'tides.md',
          snippet: expect.stringMatching(/tides/i),
        }),
      ],
      partial: false,
      unavailable: [],
    });
  });

  it("never shows another user's documents: the api searches docs as the signed-in user", async () => {
    const other = await api.signedIn();

    const response = await api.http.get('/search').query({ q: 'tides' }).set(other.auth);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ notes: [], documents: [], partial: false });
  });

  it('answers with the notes alone, flagged partial with the reason, while docs is unreachable', async () => {
    const { auth } = await api.signedIn();
    const note = (await api.http.post('/notes').set(auth).send({ title: 'Notes on tides' }).expect(201)).body;

    proxy.cut();
    let response;
    try {
      response = await api.http.get('/search').query({ q: 'tides' }).set(auth);
    } finally {
      proxy.restore();
    }

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      notes: [note],
      documents: [],
      partial: true,
      unavailable: [{ source: 'documents', reason: 'docs is unreachable' }],
    });
  });
});
