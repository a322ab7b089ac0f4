export { GRAPH_LIMITS, type Entity, type Graph, type Neighbour, type Relation, type SameShape } from './memory.js';
export { pactDirectory, pactFile, withServiceToken } from './pacts.js';
export type { ServiceCaller } from './service-caller.js';
