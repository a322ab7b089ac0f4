import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { once } from 'node:events';

export interface RedisOptions {
  url: string;
  cacheUrl?: string;
  /** Injected clients; they are not closed by the app. */
  client?: Redis;
  cacheClient?: Redis;
  commandTimeoutMs: number;
}

/**
 * ioredis tuned to fail fast: no offline queue (a command while disconnected fails at once),
 * one retry per command, a command timeout. The app degrades or answers 503 instead of
 * waiting for Redis. Exported so tests inject the same kind of client (with a key prefix).
 */
export function createRedisClient(url: string, options: { commandTimeoutMs: number; keyPrefix?: string }): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
  });
}

/** Startup does not require Redis: it waits briefly for it, then goes on degraded. */
async function connected(
  app: FastifyInstance,
  injected: Redis | undefined,
  url: string,
  options: RedisOptions,
  role: string,
): Promise<Redis> {
  const client = injected ?? createRedisClient(url, options);
  // Swallow connection errors here so ioredis keeps reconnecting; commands report their own.
  client.on('error', (error: Error) => app.log.warn({ err: error, role }, 'redis connection error'));
  if (injected) return client;
  app.addHook('onClose', async () => {
    client.disconnect();
  });
  if (client.status !== 'ready') {
    const ready = await Promise.race([
      once(client, 'ready').then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
    ]);
    if (!ready) app.log.warn({ role }, 'redis is not reachable at startup; going on degraded');
  }
  return client;
}

/**
 * The api's Redis clients: one for sessions and rate limits, and one for the note cache (the
 * same client unless a separate cache server is configured, so cache trouble never touches sessions).
 */
export async function connectRedis(
  app: FastifyInstance,
  options: RedisOptions,
): Promise<{ sessions: Redis; cache: Redis }> {
  const sessions = await connected(app, options.client, options.url, options, 'sessions');
  const separateCache =
    options.cacheClient ?? (options.cacheUrl && options.cacheUrl !== options.url ? undefined : sessions);
  return { sessions, cache: separateCache ?? (await connected(app, undefined, options.cacheUrl!, options, 'cache')) };
}
