export type { Entity, Graph, Neighbour, Relation } from './memory.js';
export { pactDirectory, pactFile } from './pacts.js';
