import { schema } from '@repo/docs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { docsUnderTest } from '../support/docs-under-test.js';

const docs = await docsUnderTest({ maxUploadBytes: 2 * 1024 * 1024, worker: { maxAttempts: 3 } });

describe('documents written to hurt the pipeline', () => {
  it('HTML of a MiB of "<" without ">" is text, not a minutes-long freeze of the service', async () => {
    const uploaded = await docs.upload('angles.html', `<p>start</p>${'<'.repeat(1024 * 1024)} end`, 'text/html');

    const settled = await docs.settled(uploaded.body.id);

    expect(settled.status).toBe('ready');
    expect((await docs.http.get('/search').query({ q: 'start' })).body.results).toHaveLength(1);
  });

  it('an unclosed <script> of a MiB is dropped in one pass, with the text before it kept', async () => {
    const uploaded = await docs.upload('scripts.html', `<p>kept</p>${'<script>'.repeat(128 * 1024)}`, 'text/html');

    const settled = await docs.settled(uploaded.body.id);

    expect(settled.status).toBe('ready');
    expect((await docs.http.get('/search').query({ q: 'kept' })).body.results).toHaveLength(1);
  });

  it('a MiB of text without a space is chunked in linear time', async () => {
    const uploaded = await docs.upload('one-word.txt', 'a'.repeat(1024 * 1024), 'text/plain');

    expect((await docs.settled(uploaded.body.id)).status).toBe('ready');
  });

  it('JSON holding an escaped NUL is processed without it, not retried for ever', async () => {
    const uploaded = await docs.upload('nul.json', '{"title": "before\\u0000after"}', 'application/json');

    const settled = await docs.settled(uploaded.body.id);

    expect(settled.status).toBe('ready');
    const stored = await docs.db.select().from(schema.chunks).where(eq(schema.chunks.documentId, uploaded.body.id));
    expect(stored.map((chunk) => chunk.content)).toEqual(['before after']);
  });

  it('a job whose lease ran out on its last attempt ends failed instead of being claimed again', async () => {
    const uploaded = await docs.upload('abandoned.txt', 'a worker died on this one', 'text/plain');
    await docs.settled(uploaded.body.id);
    // As a worker that died mid-job on its last attempt leaves it (one commit, as the worker made it).
    await docs.db.transaction(async (tx) => {
      await tx
        .update(schema.jobs)
        .set({ status: 'running', attempts: 3, lockedBy: 'worker-dead', leaseUntil: new Date(Date.now() - 1000) })
        .where(eq(schema.jobs.documentId, uploaded.body.id));
      await tx.update(schema.documents).set({ status: 'processing' }).where(eq(schema.documents.id, uploaded.body.id));
    });

    const settled = await docs.settled(uploaded.body.id);

    expect(settled).toMatchObject({
      status: 'failed',
      failureReason: 'Gave up after 3 attempts: the last one never finished.',
    });
    const [job] = await docs.db.select().from(schema.jobs).where(eq(schema.jobs.documentId, uploaded.body.id));
    expect(job).toMatchObject({ status: 'failed', attempts: 3 });
  });
});
