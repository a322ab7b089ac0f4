import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CONTROL_CHARACTERS, PoisonDocumentError } from '../documents/extract.js';
import type { ClaimedJob, JobQueue } from './job-queue.js';

/** A driver error can quote the whole failed statement, chunks and all. */
const MAX_REASON_LENGTH = 500;

/**
 * The error as a reason that can always be recorded: without control characters (a chunk's
 * NUL quoted in a driver's error once made recording the failure fail too, and the job ran
 * for ever), and short.
 */
export function failureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const printable = message.replace(CONTROL_CHARACTERS, ' ');
  return printable.length > MAX_REASON_LENGTH ? `${printable.slice(0, MAX_REASON_LENGTH - 1)}…` : printable;
}

/**
 * Runs jobs one at a time inside the service: claim, process, complete (or fail). Polls
 * when the queue is empty. `stop()` lets the running job finish.
 */
export function createWorker(options: {
  queue: JobQueue;
  process: (job: ClaimedJob) => Promise<string[]>;
  pollMs: number;
  log: FastifyBaseLogger;
}) {
  const id = `worker-${randomUUID()}`;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function runOne(): Promise<boolean> {
    const job = await options.queue.claim(id);
    if (!job) return false;
    const log = options.log.child({
      jobId: job.id,
      documentId: job.documentId,
      attempt: job.attempts,
      claimedAt: job.claimedAt,
    });
    try {
      const contents = await options.process(job);
      const completed = await options.queue.complete(job, id, contents);
      log.info(
        { chunks: contents.length, completed },
        completed ? 'job done' : 'job lost its lease; another worker has it',
      );
    } catch (error) {
      const permanent = error instanceof PoisonDocumentError;
      const reason = failureReason(error);
      // outcome, and for a retry failedAt and retryAt (pino writes dates as ISO strings).
      log.warn({ reason, ...(await options.queue.fail(job, id, reason, permanent)) }, 'job failed');
    }
    return true;
  }

  return {
    id,
    runOne,
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          const worked = await runOne().catch((error: unknown) => {
            options.log.error({ err: error }, 'worker loop error');
            return false;
          });
          if (!worked && running)
            await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, options.pollMs)));
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}

export type Worker = ReturnType<typeof createWorker>;
