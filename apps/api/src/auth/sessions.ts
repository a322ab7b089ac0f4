import { ServiceUnavailableError } from '@repo/service-kit';
import type { Redis } from 'ioredis';

const key = (sessionId: string) => `session:${sessionId}`;

/**
 * Sessions live in Redis with a TTL. Auth fails closed: when Redis cannot answer, every
 * session operation is a 503, never a silent "valid".
 */
export function createSessionStore(redis: Redis, ttlSeconds: number) {
  const guard = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch {
      throw new ServiceUnavailableError('redis', 'Sessions are unavailable right now; retry shortly.', 2);
    }
  };
  return {
    /** Throws the 503 unless Redis answers now: a login checks this before the password. */
    assertAvailable: () => guard(() => redis.ping()).then(() => undefined),
    create: (sessionId: string, userId: string) =>
      guard(() => redis.set(key(sessionId), userId, 'EX', ttlSeconds)).then(() => undefined),
    /** The user id of a live session, or undefined when it expired or was revoked. */
    userOf: (sessionId: string) => guard(() => redis.get(key(sessionId))).then((value) => value ?? undefined),
    revoke: (sessionId: string) => guard(() => redis.del(key(sessionId))).then(() => undefined),
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
