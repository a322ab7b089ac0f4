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
  /** Notes synced per round. */
  batchSize: number;
  /** How often the relay looks for due rows when nothing wakes it. */
  pollIntervalMs: number;
  /** Backoff after a failed delivery: doubles per attempt up to the max, with jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface RelayPass {
  /** Notes whose mirror is now current. */
  synced: number;
  /** Notes whose sync failed; their rows wait for their next attempt. */
  failed: number;
  /** Another relay held the lock, so this one did nothing. */
  busy: boolean;
}

/** One key for every relay of the database: pg_try_advisory_lock lets one work at a time. */
const RELAY_LOCK_KEY = '7310575183122362368';

interface DueNote {
  noteId: string;
  ownerId: string;
  /** The newest row of this note seen in this round: rows up to it are settled by one sync. */
  upTo: string;
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
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<RelayPass> | undefined;
  let rerun = false;
  let running = false;

  async function dueNotes(client: pg.PoolClient): Promise<DueNote[]> {
    const { rows } = await client.query<DueNote>(
      `WITH due AS (
         SELECT note_id, owner_id, max(id) AS up_to, max(attempts) AS attempts, min(id) AS first_id
         FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= now()
         GROUP BY note_id, owner_id ORDER BY first_id LIMIT $1)
       SELECT note_id AS "noteId", owner_id AS "ownerId", up_to::text AS "upTo", attempts,
              ARRAY(SELECT DISTINCT tag FROM outbox o, unnest(o.tags) AS tag
                    WHERE o.note_id = due.note_id AND o.delivered_at IS NULL AND o.id <= due.up_to) AS tags
       FROM due ORDER BY first_id`,
      [options.batchSize],
    );
    return rows;
  }

  async function sync(client: pg.PoolClient, due: DueNote, requestId: string): Promise<void> {
    const { rows } = await client.query<MirroredNote>(`SELECT id, owner_id AS "ownerId", title, tags FROM notes WHERE id = $1`, [due.noteId]);
    const note = rows[0];
    // Replace, never patch: dropping the note entity drops its old title and tag relations.
    await memory.deleteEntities(namespace, [noteEntityName(due.noteId)], requestId);
    if (note) {
      const graph = noteGraph(note);
      await memory.createEntities(namespace, graph.entities, requestId);
      if (graph.relations.length > 0) await memory.createRelations(namespace, graph.relations, requestId);
    }
    const { rows: kept } = await client.query<{ tag: string }>(
      `SELECT DISTINCT tag FROM notes, unnest(tags) AS tag WHERE owner_id = $1 AND tag = ANY($2::text[])`,
      [due.ownerId, due.tags],
    );
    const orphans = due.tags.filter((tag) => !kept.some((row) => row.tag === tag));
    if (orphans.length > 0) await memory.deleteEntities(namespace, orphans.map((tag) => tagEntityName(due.ownerId, tag)), requestId);
  }

  const backoffMs = (attempts: number) => {
    const ceiling = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** attempts);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  };

  async function deliverDue(): Promise<RelayPass> {
    const result: RelayPass = { synced: 0, failed: 0, busy: false };
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [RELAY_LOCK_KEY]);
      if (!rows[0]?.locked) return { ...result, busy: true };
      try {
        for (let batch = await dueNotes(client); batch.length > 0; batch = await dueNotes(client)) {
          for (const due of batch) {
            const requestId = `outbox-${due.upTo}`;
            try {
              await sync(client, due, requestId);
              await client.query('UPDATE outbox SET delivered_at = now() WHERE note_id = $1 AND id <= $2 AND delivered_at IS NULL', [due.noteId, due.upTo]);
              result.synced += 1;
            } catch (error) {
              const delayMs = backoffMs(due.attempts);
              await client.query(
                `UPDATE outbox SET attempts = attempts + 1, last_error = $3, next_attempt_at = now() + make_interval(secs => $4::double precision / 1000)
                 WHERE note_id = $1 AND id <= $2 AND delivered_at IS NULL`,
                [due.noteId, due.upTo, String(error instanceof Error ? error.message : error), delayMs],
              );
              log.warn({ err: error, noteId: due.noteId, attempts: due.attempts + 1, retryInMs: delayMs }, 'memory mirror: sync failed, will retry');
              result.failed += 1;
              // Memory is likely down: stop here and let the backoff (and the breaker) do their job.
              return result;
            }
          }
        }
        return result;
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
    if (running) timer = setTimeout(() => void wake(), delayMs);
  }

  /** Runs a pass now, or once more after the current one: a note write calls this. */
  function wake(): Promise<RelayPass> | undefined {
    if (!running) return undefined;
    if (pass) {
      rerun = true;
      return pass;
    }
    pass = deliverDue()
      .catch((error: unknown) => {
        log.error({ err: error }, 'memory mirror: relay pass failed');
        return { synced: 0, failed: 0, busy: false };
      })
      .finally(() => {
        pass = undefined;
        if (rerun) {
          rerun = false;
          void wake();
        } else schedule(options.pollIntervalMs);
      });
    return pass;
  }

  return {
    deliverDue,
    wake,
    start() {
      running = true;
      void wake();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await pass;
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
