import type { MemoryClient } from '@repo/service-clients';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { noteEntityName, noteGraph, tagEntityName, type MirroredNote } from './note-graph.js';

export interface OutboxRelayOptions {
  pool: pg.Pool;
  memory: MemoryClient;
  /** The memory namespace the notes are mirrored into. */
  namespace: string;
  log: FastifyBaseLogger;
  /** Notes synced together: one read and a few calls to memory per batch. */
  batchSize: number;
  /** How often the relay looks for due rows when nothing wakes it. */
  pollIntervalMs: number;
  /** Backoff after a failed delivery: doubles per attempt up to the max, with jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
}

/** The most items the memory service takes in one call. */
const MAX_BATCH = 1000;

/** One key for every relay of the database: pg_try_advisory_lock lets one work at a time. */
const RELAY_LOCK_KEY = '7310575183122362368';

interface DueNote {
  noteId: string;
  ownerId: string;
  /**
   * The rows of this note seen when the batch was picked. Only these are settled: a row that
   * commits later (even with a lower id) may carry a change the sync did not read.
   */
  ids: string[];
  tags: string[];
  attempts: number;
}

/**
 * Delivers the outbox to the memory graph. Delivery is at least once (a crash after a sync and
 * before its rows are marked means that sync runs again) and every sync is idempotent: it makes
 * the note's mirror equal to the note's current row (or removes it), so a repeat, a reordering
 * or several rows for one note all end in the same graph.
 */
export function createOutboxRelay(options: OutboxRelayOptions) {
  const { pool, memory, namespace, log } = options;
  /** The relay works for the api itself, not for one user. */
  const relay = { subject: 'api', namespace };
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let rerun = false;
  let running = false;

  async function dueNotes(client: pg.PoolClient): Promise<DueNote[]> {
    const { rows } = await client.query<DueNote>(
      `WITH due AS (
         SELECT note_id, owner_id, array_agg(id ORDER BY id) AS ids, max(attempts) AS attempts, min(id) AS first_id
         FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= now()
         GROUP BY note_id, owner_id ORDER BY first_id LIMIT $1)
       SELECT note_id AS "noteId", owner_id AS "ownerId", ids::text[] AS ids, attempts,
              ARRAY(SELECT DISTINCT tag FROM outbox o, unnest(o.tags) AS tag WHERE o.id = ANY(due.ids)) AS tags
       FROM due ORDER BY first_id`,
      [options.batchSize],
    );
    return rows;
  }

  /** Memory takes at most MAX_BATCH items per call. */
  async function inChunks<T>(items: T[], call: (chunk: T[]) => Promise<unknown>): Promise<void> {
    for (let start = 0; start < items.length; start += MAX_BATCH) await call(items.slice(start, start + MAX_BATCH));
  }

  /** Makes the mirror of every note of the batch equal to its row now (or removes it): a few calls for the whole batch. */
  async function sync(client: pg.PoolClient, batch: DueNote[], requestId: string): Promise<void> {
    const ids = batch.map((due) => due.noteId);
    const { rows: notes } = await client.query<MirroredNote>(
      `SELECT id, owner_id AS "ownerId", title, tags FROM notes WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    // Replace, never patch: dropping a note entity drops its old title and tag relations.
    await inChunks(ids.map(noteEntityName), (names) => memory.deleteEntities(relay, names, requestId));
    const graphs = notes.map(noteGraph);
    const entities = [
      ...new Map(graphs.flatMap((graph) => graph.entities).map((entity) => [entity.name, entity])).values(),
    ];
    await inChunks(entities, (chunk) => memory.createEntities(relay, chunk, requestId));
    await inChunks(
      graphs.flatMap((graph) => graph.relations),
      (chunk) => memory.createRelations(relay, chunk, requestId),
    );

    // Tags the changes touched that no note of their owner has any more leave the graph.
    const touched = [
      ...new Map(
        batch.flatMap((due) => due.tags.map((tag) => [tagEntityName(due.ownerId, tag), { ownerId: due.ownerId, tag }])),
      ).values(),
    ];
    const { rows: kept } = await client.query<{ ownerId: string; tag: string }>(
      `SELECT DISTINCT notes.owner_id AS "ownerId", tag FROM notes, unnest(notes.tags) AS tag
       WHERE (notes.owner_id, tag) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
      [touched.map((item) => item.ownerId), touched.map((item) => item.tag)],
    );
    const inUse = new Set(kept.map((row) => tagEntityName(row.ownerId, row.tag)));
    const orphans = touched.map((item) => tagEntityName(item.ownerId, item.tag)).filter((name) => !inUse.has(name));
    await inChunks(orphans, (names) => memory.deleteEntities(relay, names, requestId));
  }

  /** Settles exactly the rows the batch was picked with. */
  const settle = (client: pg.PoolClient, batch: DueNote[], set: string, values: unknown[] = []) =>
    client.query(`UPDATE outbox SET ${set} WHERE id = ANY($1::bigint[])`, [batch.flatMap((due) => due.ids), ...values]);

  const backoffMs = (attempts: number) => {
    const ceiling = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** attempts);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  };

  /** Delivers every due row, batch after batch; stops at the first failed batch. */
  async function deliverDue(): Promise<void> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
        RELAY_LOCK_KEY,
      ]);
      // Another relay is at work: it delivers these rows.
      if (!rows[0]?.locked) return;
      try {
        for (let batch = await dueNotes(client); batch.length > 0; batch = await dueNotes(client)) {
          try {
            await sync(client, batch, `outbox-${batch[0]?.ids[0] ?? ''}`);
            await settle(client, batch, 'delivered_at = now()');
          } catch (error) {
            const attempts = Math.max(...batch.map((due) => due.attempts));
            const delayMs = backoffMs(attempts);
            await settle(
              client,
              batch,
              'attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)',
              [String(error instanceof Error ? error.message : error), delayMs],
            );
            log.warn(
              { err: error, notes: batch.length, attempts: attempts + 1, retryInMs: delayMs },
              'memory mirror: sync failed, will retry',
            );
            // Memory is likely down: stop here and let the backoff (and the breaker) do their job.
            return;
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [RELAY_LOCK_KEY]);
      }
    } catch (error) {
      broken = error as Error;
      throw error;
    } finally {
      // A connection that failed mid-pass is closed, never pooled: it could still hold the lock.
      client.release(broken);
    }
  }

  function schedule(delayMs: number) {
    clearTimeout(timer);
    if (running) timer = setTimeout(wake, delayMs);
  }

  /** Runs a pass now, or once more after the current one: a note write calls this. */
  function wake(): void {
    if (!running) return;
    if (pass) {
      rerun = true;
      return;
    }
    pass = deliverDue()
      .catch((error: unknown) => {
        log.error({ err: error }, 'memory mirror: relay pass failed');
      })
      .finally(() => {
        pass = undefined;
        if (rerun) {
          rerun = false;
          wake();
        } else schedule(options.pollIntervalMs);
      });
  }

  return {
    wake,
    start() {
      running = true;
      wake();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await pass;
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
