import { and, eq, sql, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { chunks, documents, jobs, type JobRow } from '../db/schema.js';

/** A time by the database's clock (the one `run_at` and the leases are in), as ms since the epoch. */
const epochMs = (time: SQLWrapper) => sql<number>`(extract(epoch from ${time}) * 1000)::float8`;

export interface ClaimedJob {
  id: number;
  documentId: string;
  attempts: number;
  /** When this attempt was claimed, by the database's clock. */
  claimedAt: Date;
}

/**
 * The PostgreSQL job queue. Claiming uses FOR UPDATE SKIP LOCKED, so workers never take the
 * same job; a running job whose lease has expired (its worker died) is claimable again.
 * Completion writes the chunks and marks the job done in one transaction, and only while the
 * worker still holds the job: a job is completed exactly once. No job runs more than
 * `maxAttempts` times, not even one whose worker dies on every attempt.
 */
export function createJobQueue(db: Database, options: { leaseMs: number; maxAttempts: number; retryBaseMs: number }) {
  return {
    async claim(workerId: string): Promise<ClaimedJob | undefined> {
      return db.transaction(async (tx) => {
        // A lease that ran out on the last attempt: its worker died (or froze) every time, so a
        // further claim would only repeat that. The job and its document end failed instead.
        await tx.execute(sql`
          WITH abandoned AS (
            UPDATE jobs SET status = 'failed', lease_until = NULL, completed_at = now(),
                   last_error = format('Gave up after %s attempts: the last one never finished.', attempts)
            WHERE status = 'running' AND lease_until < now() AND attempts >= ${options.maxAttempts}
            RETURNING document_id, last_error)
          UPDATE documents SET status = 'failed', failure_reason = abandoned.last_error, updated_at = now()
          FROM abandoned WHERE documents.id = abandoned.document_id`);
        const result = await tx.execute<{ id: string; document_id: string; attempts: number; claimed_ms: number }>(sql`
          UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${workerId},
                 lease_until = now() + make_interval(secs => ${options.leaseMs / 1000})
          WHERE id = (
            SELECT id FROM jobs
            -- Never one whose last attempt ran out: the statement above fails it, and a job made
            -- abandoned by a commit between the two statements waits for the next poll's.
            WHERE (status = 'queued' AND run_at <= now())
               OR (status = 'running' AND lease_until < now() AND attempts < ${options.maxAttempts})
            ORDER BY run_at
            FOR UPDATE SKIP LOCKED
            LIMIT 1)
          RETURNING id, document_id, attempts, ${epochMs(sql`now()`)} AS claimed_ms`);
        const row = result.rows[0];
        if (!row) return undefined;
        await tx
          .update(documents)
          .set({ status: 'processing', updatedAt: sql`now()` })
          .where(eq(documents.id, row.document_id));
        return {
          id: Number(row.id),
          documentId: row.document_id,
          attempts: row.attempts,
          claimedAt: new Date(Number(row.claimed_ms)),
        };
      });
    },

    /** Stores the chunks and finishes the job; false if the lease was lost to another worker. */
    async complete(job: ClaimedJob, workerId: string, contents: string[]): Promise<boolean> {
      return db.transaction(async (tx) => {
        const [held] = await tx
          .select({ id: jobs.id })
          .from(jobs)
          .where(
            and(
              eq(jobs.id, job.id),
              eq(jobs.lockedBy, workerId),
              eq(jobs.status, 'running'),
              eq(jobs.attempts, job.attempts),
            ),
          )
          .for('update');
        if (!held) return false;
        await tx.delete(chunks).where(eq(chunks.documentId, job.documentId));
        if (contents.length > 0)
          await tx
            .insert(chunks)
            .values(contents.map((content, ordinal) => ({ documentId: job.documentId, ordinal, content })));
        await tx
          .update(jobs)
          .set({ status: 'done', completedAt: sql`now()`, leaseUntil: null })
          .where(eq(jobs.id, job.id));
        await tx
          .update(documents)
          .set({ status: 'ready', failureReason: null, updatedAt: sql`now()` })
          .where(eq(documents.id, job.documentId));
        return true;
      });
    },

    /**
     * A failed attempt: retried after an exponential backoff, or, when the document is poison
     * or the attempts are used up, the job and the document end `failed` with the reason.
     */
    async fail(
      job: ClaimedJob,
      workerId: string,
      reason: string,
      permanent: boolean,
    ): Promise<{ outcome: 'failed' } | { outcome: 'retrying'; failedAt?: Date; retryAt?: Date }> {
      const final = permanent || job.attempts >= options.maxAttempts;
      return db.transaction(async (tx) => {
        const owned = and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId), eq(jobs.attempts, job.attempts));
        if (final) {
          await tx
            .update(jobs)
            .set({ status: 'failed', lastError: reason, leaseUntil: null, completedAt: sql`now()` })
            .where(owned);
          await tx
            .update(documents)
            .set({ status: 'failed', failureReason: reason, updatedAt: sql`now()` })
            .where(eq(documents.id, job.documentId));
          return { outcome: 'failed' as const };
        }
        const backoffMs = options.retryBaseMs * 2 ** (job.attempts - 1);
        const [retry] = await tx
          .update(jobs)
          .set({
            status: 'queued',
            lastError: reason,
            leaseUntil: null,
            runAt: sql`now() + make_interval(secs => ${backoffMs / 1000})`,
          })
          .where(owned)
          .returning({ failedMs: epochMs(sql`now()`), retryMs: epochMs(jobs.runAt) });
        await tx
          .update(documents)
          .set({ status: 'pending', failureReason: reason, updatedAt: sql`now()` })
          .where(eq(documents.id, job.documentId));
        // No row: the lease ran out and another worker has the job; it records its own outcome.
        if (!retry) return { outcome: 'retrying' as const };
        return {
          outcome: 'retrying' as const,
          failedAt: new Date(Number(retry.failedMs)),
          retryAt: new Date(Number(retry.retryMs)),
        };
      });
    },

    get: async (documentId: string): Promise<JobRow | undefined> =>
      (await db.select().from(jobs).where(eq(jobs.documentId, documentId)))[0],
  };
}

export type JobQueue = ReturnType<typeof createJobQueue>;
