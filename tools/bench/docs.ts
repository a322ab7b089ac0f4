/**
 * docs pipeline benchmark: documents per second from upload to `ready` (upload, store,
 * queue, extract, chunk, index) with the in-service worker, and search latency, against a
 * real PostgreSQL and real files. Prints a Markdown table for tools/bench/README.md.
 *
 *   npm run bench:docs                 # 200 generated documents (~2 KB each), 200 searches
 */
import { startPostgres, waitFor } from '@realdeps/provisioning';
import { buildApp, parseConfig } from '@repo/docs';
import { migrateDatabase } from '@repo/docs/migrate';
import { faker } from '@repo/factories';
import { signServiceToken } from '@repo/service-kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fmt, median, timeMs } from './stats.js';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 200);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 200);
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

const tokenSecret = 'bench-docs-token-secret-of-32-characters';
const postgres = await startPostgres();
const storageDir = mkdtempSync(join(tmpdir(), 'bench-docs-'));
try {
  await migrateDatabase(postgres.info.url);
  const app = await buildApp(
    parseConfig({ databaseUrl: postgres.info.url, storageDir, tokenSecret, logLevel: 'warn', worker: { pollMs: 10 } }),
  );
  // The benchmark reads the pipeline's progress through a pool of its own.
  const pool = new pg.Pool({ connectionString: postgres.info.url, max: 2 });
  // One user's documents, with the service token the api would sign for that user.
  const headers = {
    authorization: `Bearer ${await signServiceToken({ audience: 'docs', subject: 'bench', secret: tokenSecret, ttlSeconds: 3600 })}`,
  };
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const bodies = Array.from({ length: DOCUMENTS }, (_, i) => `# Document ${i}\n\n${faker.lorem.paragraphs(12)}`);

  const ids: string[] = [];
  const pipeline = await timeMs(async () => {
    for (const [i, body] of bodies.entries()) {
      const form = new FormData();
      form.append('file', new Blob([body], { type: 'text/markdown' }), `doc-${i}.md`);
      const response = await fetch(`${base}/documents`, { method: 'POST', body: form, headers });
      ids.push(((await response.json()) as { id: string }).id);
    }
    await waitFor(
      'every document to be ready',
      600_000,
      async () => {
        const { rows } = await pool.query(
          "SELECT count(*)::int AS pending FROM documents WHERE status NOT IN ('ready', 'failed')",
        );
        return rows[0].pending === 0 ? true : undefined;
      },
      50,
    );
  });
  const { rows } = await pool.query<{ chunks: number; failed: number }>(
    "SELECT (SELECT count(*)::int FROM chunks) AS chunks, (SELECT count(*)::int FROM documents WHERE status = 'failed') AS failed",
  );

  const searches: number[] = [];
  for (let i = 0; i < SEARCHES; i++) {
    const query = faker.lorem.words({ min: 1, max: 3 });
    searches.push(
      await timeMs(async () => (await fetch(`${base}/search?q=${encodeURIComponent(query)}`, { headers })).json()),
    );
  }
  await app.close();
  await pool.end();

  console.log(
    `\ndocs pipeline (PostgreSQL ${postgres.info.provider}, one in-service worker), ${DOCUMENTS} documents of ~${Math.round(bodies[0]!.length / 1024)} KB:\n`,
  );
  console.log('| measure | value |\n| --- | ---: |');
  console.log(`| documents/s, upload to ready | ${((DOCUMENTS / pipeline) * 1000).toFixed(1)} |`);
  console.log(`| chunks indexed | ${rows[0]!.chunks} (failed documents: ${rows[0]!.failed}) |`);
  console.log(`| search over ${rows[0]!.chunks} chunks, median ms | ${fmt(median(searches))} |`);
  console.log(`| search, p95 ms | ${fmt(percentile(searches, 0.95))} |`);
} finally {
  rmSync(storageDir, { recursive: true, force: true });
  await postgres.stop();
}
