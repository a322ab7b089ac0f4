import { startFakeClaude } from '@realdeps/fakes';
import { captureLogs, recordResponsesForOpenApi } from '@realdeps/http-testing';
import { explainFailures } from '@realdeps/http-testing/vitest';
import { useIsolatedDatabase } from '@realdeps/isolation/vitest';
import { waitFor } from '@realdeps/provisioning';
import { buildApp, parseConfig, schema, type DocsConfigInput } from '@repo/docs';
import { createPgPool } from '@repo/postgres-kit';
import { signServiceToken } from '@repo/service-kit';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import supertest from 'supertest';
import { afterAll, expect, inject } from 'vitest';

export const TEST_DOCS_TOKEN_SECRET = 'docs-integration-token-secret-of-32+chars';
/** The owner the suites upload and search as, unless they say otherwise. */
export const TEST_OWNER = 'user-under-test';

/** A service token as the api signs it for docs, for `owner` (an hour: longer than any test file). */
export const docsToken = (owner: string, secret = TEST_DOCS_TOKEN_SECRET) =>
  signServiceToken({ audience: 'docs', subject: owner, secret, ttlSeconds: 3600 });

type Overrides = {
  [K in keyof DocsConfigInput]?: DocsConfigInput[K] extends object ? Partial<DocsConfigInput[K]> : DocsConfigInput[K];
};

/**
 * The real docs service for one test file: its own database, its own storage directory of
 * real files, a fake Claude API over real HTTP, a fast-polling worker, captured logs, and
 * every response checked against the OpenAPI document when the file ends.
 */
export async function docsUnderTest(overrides: Overrides = {}) {
  const database = await useIsolatedDatabase();
  const storageDir = mkdtempSync(join(tmpdir(), 'docs-storage-'));
  const claude = await startFakeClaude();
  const logs = captureLogs();
  const config = parseConfig({
    ...overrides,
    databaseUrl: database.url,
    storageDir,
    logLevel: 'info',
    tokenSecret: TEST_DOCS_TOKEN_SECRET,
    maxUploadBytes: overrides.maxUploadBytes ?? 64 * 1024,
    chunk: { size: 400, overlap: 50, ...overrides.chunk },
    worker: { pollMs: 20, leaseMs: 30_000, retryBaseMs: 50, maxAttempts: 3, ...overrides.worker },
    claude: {
      baseUrl: claude.url,
      apiKey: 'test-key',
      model: 'claude-test',
      timeoutMs: 1000,
      maxRetries: 2,
      breakerThreshold: 3,
      breakerHalfOpenMs: 500,
      ...overrides.claude,
    },
  });
  // Made as production makes it (statement timeout and all), bound to this file's database.
  const pool = createPgPool(database.url, config.postgres);
  const readBack = new pg.Pool({ connectionString: database.url, max: 2 });
  const app = await buildApp(config, { pgPool: pool, logStream: logs.stream });
  const openApi = recordResponsesForOpenApi(app);
  const postgres = inject('servers').postgres;
  explainFailures(app, {
    logs,
    servers: `postgres ${postgres?.provider} ${database.url}; claude (fake) ${claude.url}`,
  });
  await app.ready();

  afterAll(async () => {
    await app.close();
    await claude.stop();
    await Promise.all([pool.end(), readBack.end()]);
    rmSync(storageDir, { recursive: true, force: true });
    expect(openApi.verify(), 'responses that do not match the OpenAPI document').toEqual([]);
  });

  /** Requests as `owner`: every one carries that owner's service token. */
  const as = async (owner: string) =>
    supertest.agent(app.server).set('authorization', `Bearer ${await docsToken(owner)}`);
  const http = await as(TEST_OWNER);
  const ownerHeaders = { authorization: `Bearer ${await docsToken(TEST_OWNER)}` };
  const db = drizzle(readBack, { schema });
  return {
    app,
    /** Requests as TEST_OWNER. */
    http,
    /** The headers of TEST_OWNER's requests, for clients other than `http`. */
    ownerHeaders,
    /** Requests as another owner. */
    as,
    /** Requests without a service token. */
    anonymous: supertest(app.server),
    db,
    pool,
    config,
    claude,
    logs,
    storageDir,
    /** Every file in the store (not the temp area): what is really on disk. */
    storedFiles: () =>
      readdirSync(storageDir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name)),
    upload: (filename: string, content: string | Buffer, contentType = 'text/markdown', client = http) =>
      client
        .post('/documents')
        .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), { filename, contentType }),
    /** Waits (bounded) until the document reaches a final status, and returns its row. */
    settled: (id: string, timeoutMs = 15_000) =>
      waitFor(
        `document ${id} to be ready or failed`,
        timeoutMs,
        async () => {
          const [row] = await db.select().from(schema.documents).where(eq(schema.documents.id, id));
          return row && (row.status === 'ready' || row.status === 'failed') ? row : undefined;
        },
        20,
      ),
  };
}

export type DocsUnderTest = Awaited<ReturnType<typeof docsUnderTest>>;
