import { ProblemError } from '@repo/service-kit';

/**
 * At most `concurrency` password hashes at once, at most `queue` waiting; beyond that a 503
 * with Retry-After. scrypt runs on libuv's thread pool (4 threads), which also serves DNS and
 * file work: a flood of logins, even for unknown emails (they are checked against a decoy hash,
 * so a login takes as long either way), filled the pool and slowed every authenticated route
 * (GET /me p50 737 ms). Hand-written rather than p-limit: the refusal beyond a bounded queue is
 * the point, and it is twenty lines.
 */
export function createPasswordGate(options: { concurrency: number; queue: number }) {
  let running = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  return {
    /** Runs `work` when a slot is free; throws 503 password-hashing-busy when the queue is full too. */
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running < options.concurrency) running++;
      else if (waiting.length < options.queue) await new Promise<void>((resolve) => waiting.push(resolve));
      else
        throw new ProblemError(
          'password-hashing-busy',
          'Too many logins and registrations are being checked right now; retry after the time in Retry-After.',
          {},
          { 'retry-after': '1' },
        );
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
