import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis;
  }
}

export interface RedisPluginOptions {
  url: string;
  /** An injected client; it is not closed by the app. */
  client?: Redis;
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
export const redisPlugin = fp(
  async (app: FastifyInstance, options: RedisPluginOptions) => {
    const client = options.client ?? createRedisClient(options.url, options);
    // Swallow connection errors here so ioredis keeps reconnecting; commands report their own.
    client.on('error', (error: Error) => app.log.warn({ err: error }, 'redis connection error'));
    if (!options.client) {
      app.addHook('onClose', async () => {
        client.disconnect();
      });
      if (client.status !== 'ready') {
        const ready = await Promise.race([
          once(client, 'ready').then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
        ]);
        if (!ready) app.log.warn('redis is not reachable at startup: sessions will answer 503 until it is');
      }
    }
    app.decorate('redis', client);
  },
  { name: 'redis' },
);
