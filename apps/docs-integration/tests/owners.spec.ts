import { answer } from '@realdeps/fakes';
import { problemOf } from '@realdeps/http-testing';
import { schema } from '@repo/docs';
import { signServiceToken } from '@repo/service-kit';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { docsUnderTest, TEST_DOCS_TOKEN_SECRET, TEST_OWNER } from '../support/docs-under-test.js';

const docs = await docsUnderTest();
const mallory = await docs.as('mallory');
const SECRET_PASSAGE = 'The vault combination is kept under the blue lighthouse';
let secretId = '';

beforeAll(async () => {
  const uploaded = await docs.upload('vault.md', `# Vault\n\n${SECRET_PASSAGE}.`);
  secretId = uploaded.body.id;
  expect((await docs.settled(secretId)).status).toBe('ready');
});

describe('documents belong to the user who uploaded them', () => {
  it('record the subject of the service token as their owner', async () => {
    const [row] = await docs.db.select().from(schema.documents).where(eq(schema.documents.id, secretId));

    expect(row?.ownerId).toBe(TEST_OWNER);
  });

  it("are 404 to another user's reads and deletes, and survive the delete", async () => {
    const [read, removed] = await Promise.all([
      mallory.get(`/documents/${secretId}`),
      mallory.delete(`/documents/${secretId}`),
    ]);

    expect([problemOf(read).status, problemOf(removed).status]).toEqual([404, 404]);
    expect((await docs.http.get(`/documents/${secretId}`)).status).toBe(200);
  });

  it("never show up in another user's search or answer", async () => {
    docs.claude.reset();
    docs.claude.script(answer('No idea.'));

    const [search, answered] = await Promise.all([
      mallory.get('/search').query({ q: 'vault combination lighthouse' }),
      mallory.post('/answer').send({ question: 'Where is the vault combination kept?' }),
    ]);

    expect(search.status).toBe(200);
    expect(search.body.results).toEqual([]);
    expect(answered.body.citations).toEqual([]);
    expect(JSON.stringify(docs.claude.requests)).not.toContain('lighthouse');
  });

  it("show up in their owner's search", async () => {
    const search = await docs.http.get('/search').query({ q: 'vault combination lighthouse' });

    expect(search.body.results).toEqual([expect.objectContaining({ documentId: secretId, filename: 'vault.md' })]);
  });
});

describe('calls without a valid service token', () => {
  it('cannot upload, even from a web page: a cross-origin multipart POST is 401 and stores nothing', async () => {
    const before = await docs.db.$count(schema.documents);
    const files = docs.storedFiles().length;

    const response = await docs.anonymous
      .post('/documents')
      .set('origin', 'https://evil.example')
      .attach('file', Buffer.from('# planted'), { filename: 'planted.md', contentType: 'text/markdown' });

    expect(problemOf(response)).toMatchObject({ status: 401, type: '/problems/missing-token' });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(await docs.db.$count(schema.documents)).toBe(before);
    expect(docs.storedFiles()).toHaveLength(files);
  });

  it('cannot read, delete, search or ask', async () => {
    const responses = await Promise.all([
      docs.anonymous.get(`/documents/${secretId}`),
      docs.anonymous.delete(`/documents/${secretId}`),
      docs.anonymous.get('/search').query({ q: 'vault' }),
      docs.anonymous.post('/answer').send({ question: 'Where is the vault?' }),
    ]);

    expect(responses.map((response) => problemOf(response).status)).toEqual([401, 401, 401, 401]);
    expect((await docs.http.get(`/documents/${secretId}`)).status).toBe(200);
  });

  it('refuse a memory token and a token signed with another secret', async () => {
    const forMemory = await signServiceToken({
      audience: 'memory',
      subject: TEST_OWNER,
      namespace: 'notes',
      secret: TEST_DOCS_TOKEN_SECRET,
      ttlSeconds: 60,
    });
    const forged = await signServiceToken({
      audience: 'docs',
      subject: TEST_OWNER,
      secret: 'f'.repeat(40),
      ttlSeconds: 60,
    });

    const responses = await Promise.all(
      [forMemory, forged].map((token) =>
        docs.anonymous.get('/search').set('authorization', `Bearer ${token}`).query({ q: 'vault' }),
      ),
    );

    expect(responses.map((response) => problemOf(response))).toEqual([
      expect.objectContaining({ status: 401, detail: 'The service token is not meant for docs.' }),
      expect.objectContaining({ status: 401, detail: 'The service token is not valid.' }),
    ]);
  });

  it('leave health open', async () => {
    expect((await docs.anonymous.get('/health/live')).status).toBe(200);
  });
});
