export { createDocsClient, type Answer, type DocsClient, type SearchResult } from './docs-client.js';
export type { Entity, Neighbour, Relation } from '@repo/contracts';
export { createMemoryClient, type MemoryClient } from './memory-client.js';
export { CircuitState } from 'cockatiel';
export { createResilientHttp, ServiceCallError, type CallFailure, type CallOptions, type ResilienceOptions, type ResilientHttp } from './resilient-http.js';
