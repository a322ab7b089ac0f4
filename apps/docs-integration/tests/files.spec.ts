import { problemOf } from '@realdeps/http-testing';
import { schema } from '@repo/docs';
import { eq } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsUnderTest } from '../support/docs-under-test.js';

const docs = await docsUnderTest({ maxUploadBytes: 4096 });
const documentsWithHash = (sha256: string) =>
  docs.db.select().from(schema.documents).where(eq(schema.documents.sha256, sha256));

describe('uploaded files', () => {
  it('are stored once by content: two uploads of the same bytes share one file', async () => {
    const content = `same content ${Date.now()}`;

    const first = await docs.upload('a.txt', content, 'text/plain');
    const second = await docs.upload('b.txt', content, 'text/plain');

    expect(first.body.sha256).toBe(second.body.sha256);
    expect(first.body.id).not.toBe(second.body.id);
    expect(docs.storedFiles().filter((path) => path.endsWith(first.body.sha256))).toHaveLength(1);
    expect(readFileSync(join(docs.storageDir, first.body.sha256.slice(0, 2), first.body.sha256), 'utf8')).toBe(content);
  });

  it('keep only a safe file name: a traversal name writes nothing outside the store', async () => {
    const response = await docs.upload('../../../etc/evil.md', '# nothing to see');

    expect(response.status).toBe(202);
    expect(response.body.filename).toBe('evil.md');
    expect(docs.storedFiles().every((path) => path.startsWith(docs.storageDir))).toBe(true);
    expect(existsSync(join(docs.storageDir, '..', 'etc'))).toBe(false);
  });

  it('over the size limit get 413, and leave no row and no file, not even a temporary one', async () => {
    const before = docs.storedFiles().length;

    const response = await docs.upload('big.txt', 'x'.repeat(5000), 'text/plain');

    expect(problemOf(response)).toMatchObject({ status: 413, type: '/problems/payload-too-large' });
    expect(docs.storedFiles()).toHaveLength(before);
    expect(await docs.db.select().from(schema.documents).where(eq(schema.documents.filename, 'big.txt'))).toEqual([]);
  });

  it('of a type outside the allow-list get 415 and are not stored', async () => {
    const before = docs.storedFiles().length;

    const response = await docs.upload('report.pdf', '%PDF-1.7 fake', 'application/pdf');

    expect(problemOf(response)).toMatchObject({ status: 415, type: '/problems/unsupported-media-type' });
    expect(docs.storedFiles()).toHaveLength(before);
  });

  it('that are empty get 400 naming the file field', async () => {
    const response = await docs.upload('empty.txt', '', 'text/plain');

    expect(problemOf(response)).toMatchObject({ status: 400, detail: 'body.file is empty' });
    expect(await docs.db.select().from(schema.documents).where(eq(schema.documents.filename, 'empty.txt'))).toEqual([]);
  });

  it('sent as JSON instead of multipart get 415', async () => {
    const response = await docs.http.post('/documents').send({ file: 'text' });

    expect(problemOf(response)).toMatchObject({ status: 415 });
  });

  it.each([
    [
      'binary.txt',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14]),
      'text/plain',
      'The file is binary (it contains NUL bytes), not text.',
    ],
    ['broken.json', Buffer.from('{"title": "unterminated'), 'application/json', 'The file is not valid JSON.'],
    ['latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'text/plain', 'The file is not valid UTF-8 text.'],
  ])(
    'whose content cannot be read (%s) end failed with the reason, after one attempt',
    async (name, content, type, reason) => {
      const uploaded = await docs.upload(name, content, type);

      const settled = await docs.settled(uploaded.body.id);

      expect(settled).toMatchObject({ status: 'failed', failureReason: reason });
      const [job] = await docs.db.select().from(schema.jobs).where(eq(schema.jobs.documentId, uploaded.body.id));
      expect(job).toMatchObject({ status: 'failed', attempts: 1, lastError: reason });
    },
  );
});

describe('DELETE /documents/:id', () => {
  it('removes the rows and the file, leaving no orphan', async () => {
    const uploaded = await docs.upload('gone.md', `# to delete ${Date.now()}`);
    await docs.settled(uploaded.body.id);

    const response = await docs.http.delete(`/documents/${uploaded.body.id}`);

    expect(response.status).toBe(204);
    expect(await documentsWithHash(uploaded.body.sha256)).toEqual([]);
    expect(await docs.db.select().from(schema.chunks).where(eq(schema.chunks.documentId, uploaded.body.id))).toEqual(
      [],
    );
    expect(await docs.db.select().from(schema.jobs).where(eq(schema.jobs.documentId, uploaded.body.id))).toEqual([]);
    expect(docs.storedFiles().some((path) => path.endsWith(uploaded.body.sha256))).toBe(false);
  });

  it('keeps the file while another document shares it', async () => {
    const content = `shared ${Date.now()}`;
    const first = await docs.upload('one.md', content);
    const second = await docs.upload('two.md', content);

    await docs.http.delete(`/documents/${first.body.id}`);

    expect(docs.storedFiles().some((path) => path.endsWith(second.body.sha256))).toBe(true);
    expect((await docs.http.get(`/documents/${second.body.id}`)).status).toBe(200);
  });

  it('racing an upload of the same bytes never takes the file of an acknowledged document', async () => {
    const lost: string[] = [];
    for (let trial = 0; trial < 40; trial++) {
      const content = `raced ${trial} ${Date.now()}`;
      const first = await docs.upload('first.txt', content, 'text/plain');

      const [, again] = await Promise.all([
        docs.http.delete(`/documents/${first.body.id}`),
        docs.upload('again.txt', content, 'text/plain'),
      ]);

      expect(again.status).toBe(202);
      if (!existsSync(join(docs.storageDir, again.body.sha256.slice(0, 2), again.body.sha256)))
        lost.push(again.body.id);
    }
    expect(lost, 'acknowledged uploads whose file is gone').toEqual([]);
  });

  it('answers 404 for a document that does not exist', async () => {
    expect(problemOf(await docs.http.delete('/documents/00000000-0000-4000-8000-000000000000'))).toMatchObject({
      status: 404,
    });
  });
});
