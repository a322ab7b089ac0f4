import multipart from '@fastify/multipart';
import { connectPostgres, databaseUnavailable } from '@repo/postgres-kit';
import { createService, healthRoutes, requireServiceToken, serviceTokenSecurityScheme } from '@repo/service-kit';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { DestinationStream } from 'pino';
import { Type } from 'typebox';
import { createAnswerer } from './answer/answerer.js';
import type { DocsConfig } from './config.js';
import type { Database } from './db/database.js';
import * as schema from './db/schema.js';
import { createDocumentsRepository } from './documents/documents-repository.js';
import { chunkText, extractText } from './documents/extract.js';
import { createFileStore } from './documents/file-store.js';
import { documentsRoutes } from './documents/routes.js';
import { createJobQueue } from './jobs/job-queue.js';
import { createWorker, type Worker } from './jobs/worker.js';
import { searchRoutes } from './search/routes.js';
import { createSearchRepository } from './search/search-repository.js';

export { parseConfig } from './config.js';
export type { DocsConfig, DocsConfigInput } from './config.js';
export * as schema from './db/schema.js';
export { createJobQueue } from './jobs/job-queue.js';

/** The docs service, with its in-service job worker (started on ready when `worker.enabled`). */
export type DocsApp = FastifyInstance & { readonly worker: Worker };

export interface DocsDependencies {
  pgPool?: pg.Pool;
  logStream?: DestinationStream;
}

/** Builds the docs service from a validated config. Listening is main.ts's job. */
export async function buildApp(config: DocsConfig, deps: DocsDependencies = {}): Promise<DocsApp> {
  const app = await createService({
    title: 'docs',
    description: 'Document pipeline: upload, extract, chunk, search, answer.',
    logLevel: config.logLevel,
    timeouts: config.server,
    // Uploads are limited by maxUploadBytes below; JSON bodies stay small.
    bodyLimitBytes: 64 * 1024,
    logStream: deps.logStream,
    mapError: databaseUnavailable,
    openApiComponents: serviceTokenSecurityScheme,
  });
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 5 } });
  const pool = await connectPostgres(app, config.databaseUrl, config.postgres, deps.pgPool);
  const db: Database = drizzle(pool, { schema });

  const files = createFileStore(config.storageDir);
  const documents = createDocumentsRepository(db);
  const search = createSearchRepository(db);
  const queue = createJobQueue(db, config.worker);
  const worker = createWorker({
    queue,
    pollMs: config.worker.pollMs,
    log: app.log,
    process: async (job) => {
      const document = await documents.get(job.documentId);
      if (!document) return [];
      const text = extractText(await files.read(document.sha256), document.contentType);
      return chunkText(text, config.chunk.size, config.chunk.overlap);
    },
  });
  app.decorate('worker', worker);
  if (config.worker.enabled) app.addHook('onReady', async () => worker.start());
  app.addHook('onClose', () => worker.stop());

  const answerer = createAnswerer({ config, search, log: app.log });
  // The Claude circuit is reported but does not make the service unready: answers degrade instead.
  await app.register(healthRoutes, {
    probes: { postgres: () => pool.query('SELECT 1') },
    report: { schema: { claudeCircuit: Type.String() }, values: () => ({ claudeCircuit: answerer.circuitState() }) },
  });
  // Everything but health needs a service token from the api, which names the user (the owner).
  // A browser cannot attach one on its own, so a web page cannot post documents cross-origin.
  await app.register(async (secured) => {
    requireServiceToken(secured, { secret: config.tokenSecret, audience: 'docs' });
    await secured.register(documentsRoutes, { documents, files, maxUploadBytes: config.maxUploadBytes });
    await secured.register(searchRoutes, { search, answerer });
  });
  return app as DocsApp;
}
