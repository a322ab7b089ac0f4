import type { Entity, Neighbour, Relation, ServiceCaller } from '@repo/contracts';
import { createResilientHttp, type CallOptions, type ServiceClientOptions } from './resilient-http.js';

/** What the api needs from the memory service; each call works inside the namespace of its caller. */
export function createMemoryClient(options: ServiceClientOptions) {
  const http = createResilientHttp(options);
  const call = <T>(caller: ServiceCaller, requestId: string | undefined, request: Omit<CallOptions, 'caller'>) =>
    http.call<T>({ ...request, caller, ...(requestId ? { requestId } : {}) });
  return {
    breaker: http.breaker,
    /** Idempotent on the server (MERGE), so it is retried. */
    createEntities: (caller: ServiceCaller, entities: Entity[], requestId?: string) =>
      call<{ entities: Entity[] }>(caller, requestId, {
        method: 'POST',
        path: '/entities',
        body: { entities },
        idempotent: true,
      }),
    createRelations: (caller: ServiceCaller, relations: Relation[], requestId?: string) =>
      call<{ relations: Relation[] }>(caller, requestId, {
        method: 'POST',
        path: '/relations',
        body: { relations },
        idempotent: true,
      }),
    deleteEntities: (caller: ServiceCaller, entityNames: string[], requestId?: string) =>
      call<{ deleted: number }>(caller, requestId, {
        method: 'POST',
        path: '/entities/delete',
        body: { entityNames },
        idempotent: true,
      }),
    neighbours: (caller: ServiceCaller, name: string, depth: 1 | 2 | 3, requestId?: string, limit?: number) =>
      call<{ neighbours: Neighbour[] }>(caller, requestId, {
        method: 'GET',
        path: `/entities/${encodeURIComponent(name)}/neighbours`,
        query: { depth, limit },
        idempotent: true,
      }),
    search: (caller: ServiceCaller, q: string, requestId?: string) =>
      call<{ entities: Entity[]; relations: Relation[] }>(caller, requestId, {
        method: 'GET',
        path: '/search',
        query: { q },
        idempotent: true,
      }),
  };
}

export type MemoryClient = ReturnType<typeof createMemoryClient>;
