import type { Entity, Neighbour, Relation } from '@repo/contracts';
import { createResilientHttp, type ResilienceOptions } from './resilient-http.js';

/** What the api needs from the memory service; each call works inside one namespace. */
export function createMemoryClient(options: ResilienceOptions) {
  const http = createResilientHttp(options);
  const tenant = (namespace: string) => ({ 'x-namespace': namespace });
  return {
    breaker: http.breaker,
    /** Idempotent on the server (MERGE), so it is retried. */
    createEntities: (namespace: string, entities: Entity[], requestId?: string) =>
      http.call<{ entities: Entity[] }>({
        method: 'POST',
        path: '/entities',
        body: { entities },
        headers: tenant(namespace),
        idempotent: true,
        ...(requestId ? { requestId } : {}),
      }),
    createRelations: (namespace: string, relations: Relation[], requestId?: string) =>
      http.call<{ relations: Relation[] }>({
        method: 'POST',
        path: '/relations',
        body: { relations },
        headers: tenant(namespace),
        idempotent: true,
        ...(requestId ? { requestId } : {}),
      }),
    deleteEntities: (namespace: string, entityNames: string[], requestId?: string) =>
      http.call<{ deleted: number }>({
        method: 'POST',
        path: '/entities/delete',
        body: { entityNames },
        headers: tenant(namespace),
        idempotent: true,
        ...(requestId ? { requestId } : {}),
      }),
    neighbours: (namespace: string, name: string, depth: 1 | 2 | 3, requestId?: string) =>
      http.call<{ neighbours: Neighbour[] }>({
        method: 'GET',
        path: `/entities/${encodeURIComponent(name)}/neighbours`,
        query: { depth },
        headers: tenant(namespace),
        idempotent: true,
        ...(requestId ? { requestId } : {}),
      }),
    search: (namespace: string, q: string, requestId?: string) =>
      http.call<{ entities: Entity[]; relations: Relation[] }>({
        method: 'GET',
        path: '/search',
        query: { q },
        headers: tenant(namespace),
        idempotent: true,
        ...(requestId ? { requestId } : {}),
      }),
  };
}

export type MemoryClient = ReturnType<typeof createMemoryClient>;
