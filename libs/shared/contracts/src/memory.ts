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
