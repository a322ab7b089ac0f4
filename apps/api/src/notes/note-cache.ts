import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { NoteRow } from '../db/schema.js';

const key = (id: string) => `note:${id}`;

/**
 * Read-through cache for single notes. Redis failures never fail a request: reads fall back
 * to PostgreSQL and the degradation is logged.
 */
export function createNoteCache(redis: Redis, ttlSeconds: number) {
  const degraded = (log: FastifyBaseLogger, operation: string) => (error: unknown) => {
    log.warn({ err: error, operation }, 'note cache unavailable: serving from PostgreSQL');
    return undefined;
  };
  return {
    async get(id: string, log: FastifyBaseLogger): Promise<NoteRow | undefined> {
      const cached = await redis.get(key(id)).catch(degraded(log, 'get'));
      if (!cached) return undefined;
      const note = JSON.parse(cached) as NoteRow & { createdAt: string; updatedAt: string };
      return { ...note, createdAt: new Date(note.createdAt), updatedAt: new Date(note.updatedAt) };
    },
    async set(note: NoteRow, log: FastifyBaseLogger): Promise<void> {
      await redis.set(key(note.id), JSON.stringify(note), 'EX', ttlSeconds).catch(degraded(log, 'set'));
    },
    async invalidate(id: string, log: FastifyBaseLogger): Promise<void> {
      await redis.del(key(id)).catch(degraded(log, 'invalidate'));
    },
  };
}

export type NoteCache = ReturnType<typeof createNoteCache>;
