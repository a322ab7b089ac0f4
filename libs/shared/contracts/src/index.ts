export type { Entity, Graph, Neighbour, Relation } from './memory.js';
export { pactDirectory, pactFile, withServiceToken } from './pacts.js';
export type { ServiceCaller } from './service-caller.js';
