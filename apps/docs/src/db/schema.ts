import { sql } from 'drizzle-orm';
import { bigserial, check, customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The user who uploaded it (the subject of the api's service token): only they see it. */
    ownerId: text('owner_id').notNull(),
    /** The stored file is named by this hash: identical uploads share one file. */
    sha256: text('sha256').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    status: text('status', { enum: ['pending', 'processing', 'ready', 'failed'] })
      .notNull()
      .default('pending'),
    failureReason: text('failure_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    index('documents_sha256_idx').on(table.sha256),
    index('documents_owner_idx').on(table.ownerId),
    check('documents_status_check', sql`${table.status} in ('pending', 'processing', 'ready', 'failed')`),
  ],
);

export const chunks = pgTable(
  'chunks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    content: text('content').notNull(),
    tsv: tsvector('tsv')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('english', content)`),
  },
  (table) => [
    index('chunks_tsv_idx').using('gin', table.tsv),
    index('chunks_document_idx').on(table.documentId, table.ordinal),
  ],
);

/**
 * The job queue, in PostgreSQL rather than Redis: a job is inserted in the same transaction
 * as its document, so no upload is ever without its job, and workers claim jobs with
 * FOR UPDATE SKIP LOCKED. A claimed job carries a lease; a worker that dies leaves the
 * lease to expire and another worker takes the job again.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (table) => [index('jobs_due_idx').on(table.status, table.runAt)],
);

export type DocumentRow = typeof documents.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
