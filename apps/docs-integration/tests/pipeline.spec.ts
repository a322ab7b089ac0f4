import { answer } from '@realdeps/fakes';
import { schema } from '@repo/docs';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { docsUnderTest } from '../support/docs-under-test.js';

const docs = await docsUnderTest();

const TIDES = `# Tides\n\nTides are caused mainly by the gravitational pull of the Moon on the oceans. ${'The Sun adds a smaller pull. '.repeat(20)}Spring tides happen when Sun and Moon align.`;

describe('the pipeline, end to end', () => {
  it('takes an upload to ready, makes it searchable, and answers from it with citations', async () => {
    const uploaded = await docs.upload('tides.md', TIDES);
    expect(uploaded.status).toBe(202);
    expect(uploaded.body).toMatchObject({
      filename: 'tides.md',
      contentType: 'text/markdown',
      status: 'pending',
      sizeBytes: Buffer.byteLength(TIDES),
    });

    const ready = await docs.settled(uploaded.body.id);
    expect(ready).toMatchObject({ status: 'ready', failureReason: null });
    const chunks = await docs.db
      .select()
      .from(schema.chunks)
      .where(eq(schema.chunks.documentId, uploaded.body.id))
      .orderBy(asc(schema.chunks.ordinal));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((chunk) => chunk.ordinal)).toEqual(chunks.map((_, index) => index));

    const search = await docs.http.get('/search').query({ q: 'gravitational pull moon' });
    expect(search.body.results[0]).toMatchObject({ documentId: uploaded.body.id, filename: 'tides.md' });

    docs.claude.script(answer("Mainly the Moon's gravity [1]."));
    const reply = await docs.http.post('/answer').send({ question: 'What causes tides?' });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      answer: "Mainly the Moon's gravity [1].",
      citations: [{ documentId: uploaded.body.id, filename: 'tides.md', chunkId: expect.any(Number) }],
      degraded: false,
    });
    const sent = docs.claude.requests.at(-1)!;
    expect(sent.body.model).toBe('claude-test');
    expect(sent.headers.authorization).toBe('Bearer test-key');
    expect(sent.body.messages?.[0]?.content).toContain('gravitational pull of the Moon');
    expect(sent.body.messages?.[0]?.content).toContain('Question: What causes tides?');
  });

  it('shows the document and its chunk count at GET /documents/:id', async () => {
    const uploaded = await docs.upload('short.txt', 'A short note about lighthouses.', 'text/plain');
    await docs.settled(uploaded.body.id);

    const response = await docs.http.get(`/documents/${uploaded.body.id}`);

    expect(response.body).toMatchObject({ id: uploaded.body.id, status: 'ready', chunks: 1 });
  });

  it('answers without calling Claude when no document matches', async () => {
    const before = docs.claude.requests.length;

    const reply = await docs.http.post('/answer').send({ question: 'zyxwvut qwertyuiop' });

    expect(reply.body).toEqual({ answer: 'No document answers this question.', citations: [], degraded: false });
    expect(docs.claude.requests.length).toBe(before);
  });
});
