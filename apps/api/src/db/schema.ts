import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-cased, so the unique constraint is case-insensitive. */
    email: text('email').notNull().unique('users_email_unique'),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['user', 'admin'] })
      .notNull()
      .default('user'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('users_role_check', sql`${table.role} in ('user', 'admin')`)],
);

/**
 * Refresh tokens are opaque; only their SHA-256 is stored. Every rotation adds a row to the
 * same family; presenting a used token again revokes the family (token theft detection).
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    sessionId: uuid('session_id').notNull(),
    tokenHash: text('token_hash').notNull().unique('refresh_tokens_hash_unique'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('refresh_tokens_family_idx').on(table.familyId), index('refresh_tokens_user_idx').on(table.userId)],
);

export const notes = pgTable(
  'notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Optimistic concurrency: bumped on every update, compared with If-Match. */
    version: integer('version').notNull().default(1),
    // Millisecond precision, as JSON carries it: a page cursor round-trips exactly.
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    // NULLS FIRST, as ORDER BY ... DESC sorts: drizzle's default (NULLS LAST) gives an index that cannot hand out
    // the list's order, so every page sorted all of the owner's notes (found by the EXPLAIN test).
    index('notes_owner_created_idx').on(
      table.ownerId,
      table.createdAt.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
    index('notes_tags_idx').using('gin', table.tags),
  ],
);

/** The first response to a create with an Idempotency-Key, replayed for repeats. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.ownerId, table.key] })],
);

/**
 * Transactional outbox: a row is written in the same transaction as each note change, and a
 * relay mirrors the note into the memory graph. A row says which note changed, not what it
 * became: the relay syncs the note's current state, so deliveries can repeat or arrive in any
 * order and the graph still converges on PostgreSQL.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // No foreign keys: the row must outlive the note (and user) whose deletion it announces.
    noteId: uuid('note_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    change: text('change', { enum: ['created', 'updated', 'deleted'] }).notNull(),
    /** Tags before and after the change: the relay removes those no note of the owner has any more. */
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (table) => [
    index('outbox_pending_idx')
      .on(table.nextAttemptAt, table.id)
      .where(sql`${table.deliveredAt} is null`),
    index('outbox_note_idx').on(table.noteId),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type NoteRow = typeof notes.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;
