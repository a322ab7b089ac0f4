/** An entity of the memory graph, unique by name within a namespace. */
export interface Entity {
  name: string;
  entityType: string;
  observations: string[];
}

/** A directed, typed relation between two entities of one namespace. */
export interface Relation {
  from: string;
  to: string;
  relationType: string;
}

export interface Graph {
  entities: Entity[];
  relations: Relation[];
}

export interface Neighbour extends Entity {
  distance: number;
}

/** `true` when A and B are the same type, else `false`: for checking a schema against the contract at compile time. */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * What one write to the graph may carry, the same through REST and MCP. A stored entity may gather
 * more observations than one call carries.
 */
export const GRAPH_LIMITS = {
  /** An entity name, and each end of a relation. */
  nameLength: 200,
  /** An entityType or a relationType. */
  typeLength: 100,
  observationLength: 2000,
  observationsPerCall: 100,
  /** Entities, relations or observation lists in one call. */
  itemsPerCall: 1000,
} as const;
