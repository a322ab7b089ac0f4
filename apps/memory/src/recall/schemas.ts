import { GRAPH_LIMITS as LIMITS } from '@repo/contracts';
import { Type } from 'typebox';
import { Entity } from '../graph/schemas.js';

/** What a search by meaning takes: the same fields as the MCP tool, in camel case. */
export const SemanticSearchBody = Type.Object(
  {
    query: Type.String({ minLength: 1, maxLength: 1000 }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
    minSimilarity: Type.Number({
      minimum: -1,
      maximum: 1,
      default: 0.3,
      description: 'The lowest score returned: the cosine similarity, or in hybrid mode the fused score.',
    }),
    entityTypes: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.typeLength }), { minItems: 1, maxItems: 50 }),
    ),
    hybrid: Type.Boolean({ default: false, description: 'Fuse the vector score with a keyword score.' }),
    semanticWeight: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.7,
      description: 'In hybrid mode, the share of the vector score (the keyword score has the rest).',
    }),
  },
  { additionalProperties: false },
);

const Score = Type.Union([Type.Number(), Type.Null()]);

export const SemanticSearchResult = Type.Object({
  entities: Type.Array(
    Type.Object({ ...Entity.properties, score: Type.Number(), similarity: Score, keywordScore: Score }),
  ),
  mode: Type.Union([Type.Literal('semantic'), Type.Literal('hybrid'), Type.Literal('keyword')]),
  degraded: Type.Boolean({ description: 'The query could not be embedded: these are keyword matches.' }),
  reason: Type.Optional(Type.String({ description: 'Why the search is degraded.' })),
});

export const EmbeddingStatus = Type.Object({
  configured: Type.Boolean(),
  /** Entities of this namespace whose vector is missing or stale. */
  pending: Type.Integer({ minimum: 0 }),
  /** Of those, the ones whose last try failed. */
  failing: Type.Integer({ minimum: 0 }),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
