import {
  GRAPH_LIMITS as LIMITS,
  type Entity as EntityShape,
  type Relation as RelationShape,
  type SameShape,
} from '@repo/contracts';
import { Type, type Static } from 'typebox';

// The shapes and limits are the contract's (@repo/contracts); these are their JSON Schemas.
const Name = Type.String({ minLength: 1, maxLength: LIMITS.nameLength });
const Kind = Type.String({ minLength: 1, maxLength: LIMITS.typeLength });
const Text = Type.String({ minLength: 1, maxLength: LIMITS.observationLength });
const Observations = Type.Array(Text, { minItems: 1, maxItems: LIMITS.observationsPerCall });

export const EntityInput = Type.Object(
  {
    name: Name,
    entityType: Kind,
    observations: Type.Array(Text, { maxItems: LIMITS.observationsPerCall, default: [] }),
  },
  { additionalProperties: false },
);
export const RelationInput = Type.Object({ from: Name, to: Name, relationType: Kind }, { additionalProperties: false });

const Batch = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Array(item, { minItems: 1, maxItems: LIMITS.itemsPerCall });

export const CreateEntities = Type.Object({ entities: Batch(EntityInput) }, { additionalProperties: false });
export const CreateRelations = Type.Object({ relations: Batch(RelationInput) }, { additionalProperties: false });
export const DeleteRelations = CreateRelations;
export const AddObservations = Type.Object(
  {
    observations: Batch(Type.Object({ entityName: Name, contents: Observations }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export const DeleteObservations = Type.Object(
  {
    deletions: Batch(Type.Object({ entityName: Name, observations: Observations }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export const DeleteEntities = Type.Object(
  { entityNames: Type.Array(Name, { minItems: 1, maxItems: LIMITS.itemsPerCall }) },
  { additionalProperties: false },
);

export const Entity = Type.Object({
  name: Type.String(),
  entityType: Type.String(),
  observations: Type.Array(Type.String()),
});
export const Relation = Type.Object({ from: Type.String(), to: Type.String(), relationType: Type.String() });
export const Graph = Type.Object({ entities: Type.Array(Entity), relations: Type.Array(Relation) });
export const Neighbour = Type.Object({ ...Entity.properties, distance: Type.Integer({ minimum: 1 }) });
export const Path = Type.Object({ entities: Type.Array(Type.String()), relations: Type.Array(Relation) });

export const SearchQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const OpenQuery = Type.Object(
  { names: Type.Array(Name, { minItems: 1, maxItems: 100 }) },
  { additionalProperties: false },
);
export const NeighboursQuery = Type.Object(
  {
    depth: Type.Integer({ minimum: 1, maximum: 3, default: 1 }),
    limit: Type.Integer({
      minimum: 1,
      maximum: 1000,
      default: 100,
      description: 'At most this many, nearest first (then by name).',
    }),
  },
  { additionalProperties: false },
);
export const NameParams = Type.Object({ name: Name });
export const PathQuery = Type.Object({ from: Name, to: Name }, { additionalProperties: false });

// Fails to compile when a schema here and the contract's type drift apart.
const schemasMatchTheContract: [
  SameShape<Static<typeof EntityInput>, EntityShape>,
  SameShape<Static<typeof Entity>, EntityShape>,
  SameShape<Static<typeof RelationInput>, RelationShape>,
  SameShape<Static<typeof Relation>, RelationShape>,
] = [true, true, true, true];
void schemasMatchTheContract;
