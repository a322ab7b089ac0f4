import { answer, startFakeClaude } from '@realdeps/fakes';
import { useIsolatedDatabase } from '@realdeps/isolation/vitest';
import { waitFor } from '@realdeps/provisioning';
import { buildApp, parseConfig } from '@repo/docs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { docsToken, TEST_DOCS_TOKEN_SECRET } from '../support/docs-under-test.js';

/*
 * The service as main.ts builds it: its own pool from the config, its worker, every route. Each
 * test builds its app inside the test (the other files build theirs once, before their tests), so
 * the wiring itself (which route runs which handler with which schema) is judged by a test: the
 * mutation run counts code that runs before any test as untested.
 */

const database = await useIsolatedDatabase();
const claude = await startFakeClaude();
afterAll(() => claude.stop());

async function withServiceAsBuilt(work: (http: supertest.Agent) => Promise<void>) {
  const storageDir = mkdtempSync(join(tmpdir(), 'docs-as-built-'));
  const config = parseConfig({
    databaseUrl: database.url,
    storageDir,
    logLevel: 'silent',
    tokenSecret: TEST_DOCS_TOKEN_SECRET,
    worker: { pollMs: 20 },
    claude: { baseUrl: claude.url, apiKey: 'test-key', model: 'claude-test', maxRetries: 0 },
  });
  const app = await buildApp(config);
  try {
    await app.ready();
    const http = supertest.agent(app.server).set('authorization', `Bearer ${await docsToken('as-built-owner')}`);
    await work(http);
  } finally {
    await app.close();
    rmSync(storageDir, { recursive: true, force: true });
  }
}

describe('the docs service as built from its config', () => {
  it('takes an upload through its worker to search, answers, and deletes, on every route', async () => {
    await withServiceAsBuilt(async (http) => {
      const uploaded = await http
        .post('/documents')
        .attach('file', Buffer.from('# Lighthouses\n\nA lighthouse keeper trims the lamp at dusk.'), {
          filename: 'lighthouses.md',
          contentType: 'text/markdown',
        });
      const ready = await waitFor('the upload to be indexed', 15_000, async () => {
        const shown = await http.get(`/documents/${uploaded.body.id}`);
        return shown.body.status === 'ready' ? shown : undefined;
      });
      const found = await http.get('/search').query({ q: 'lighthouse keeper' });
      claude.script(answer('At dusk [1].'));
      const replied = await http.post('/answer').send({ question: 'When is the lamp trimmed?' });
      const deleted = await http.delete(`/documents/${uploaded.body.id}`);
      const gone = await http.get(`/documents/${uploaded.body.id}`);
      const health = await http.get('/health/ready');

      expect(uploaded.status).toBe(202);
      expect(ready.body).toMatchObject({ filename: 'lighthouses.md', status: 'ready', chunks: 1 });
      expect(found.body.results).toMatchObject([{ documentId: uploaded.body.id, filename: 'lighthouses.md' }]);
      expect(replied.body).toEqual({
        answer: 'At dusk [1].',
        citations: [{ documentId: uploaded.body.id, filename: 'lighthouses.md', chunkId: expect.any(Number) }],
        degraded: false,
      });
      expect(deleted.status).toBe(204);
      expect(gone.status).toBe(404);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ claudeCircuit: 'closed' });
    });
  });

  it('refuses a request without a service token', async () => {
    await withServiceAsBuilt(async (http) => {
      const anonymous = await http.get('/search').query({ q: 'x' }).set('authorization', '');

      expect(anonymous.status).toBe(401);
    });
  });

  it('publishes the OpenAPI document committed beside this test', async () => {
    await withServiceAsBuilt(async (http) => {
      const document = (await http.get('/openapi.json')).body as unknown;

      await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot('./service-as-built/openapi.json');
    });
  });
});
