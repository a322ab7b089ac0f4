export type { Entity, Neighbour, Relation, ServiceCaller } from '@repo/contracts';
export { CircuitState } from 'cockatiel';
export { createDocsClient, type Answer, type DocsClient, type SearchResult } from './docs-client.js';
export { createMemoryClient, type MemoryClient } from './memory-client.js';
export {
  ServiceCallError,
  createResilientHttp,
  type CallFailure,
  type CallOptions,
  type ResilienceOptions,
  type ResilientHttp,
  type ServiceClientOptions,
} from './resilient-http.js';
