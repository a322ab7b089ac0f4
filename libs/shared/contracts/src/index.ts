export type { Entity, Graph, Neighbour, Relation } from './memory.js';
