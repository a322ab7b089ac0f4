import { ProblemError, ServiceUnavailableError } from '@repo/service-kit';
import type { Redis } from 'ioredis';
import { normaliseEmail } from './users-repository.js';

/**
 * A ceiling on login attempts per account from all addresses together. The route's own limit
 * counts per (address, account): six addresses got six times the guesses. This one counts per
 * account alone, higher, so one person on a few devices is not locked out but spreading a
 * guessing run over addresses no longer multiplies it. Counted in Redis (every instance shares
 * it); with Redis down, login has already failed closed.
 */
export function createLoginCeiling(redis: Redis, options: { max: number; windowSeconds: number }) {
  return {
    /** Counts one attempt; throws a 429 with Retry-After when the account is over the ceiling. */
    async hit(email: string): Promise<void> {
      const key = `login-account:${normaliseEmail(email)}`;
      let attempts: number;
      let ttl: number;
      try {
        const results = await redis.multi().incr(key).expire(key, options.windowSeconds, 'NX').ttl(key).exec();
        attempts = Number(results?.[0]?.[1]);
        ttl = Number(results?.[2]?.[1]);
      } catch {
        throw new ServiceUnavailableError('redis', 'Login is unavailable right now; retry shortly.', 2);
      }
      if (attempts > options.max) {
        const retryAfter = String(Math.max(ttl, 1));
        throw new ProblemError(
          'rate-limited',
          `Too many login attempts for this account: at most ${options.max} per ${options.windowSeconds} s from all addresses. Retry after the time in Retry-After.`,
          {},
          { 'retry-after': retryAfter },
        );
      }
    },
  };
}

export type LoginCeiling = ReturnType<typeof createLoginCeiling>;
