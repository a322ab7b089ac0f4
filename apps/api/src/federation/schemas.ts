import { Type } from 'typebox';
import { Note } from '../notes/schemas.js';

export const RelatedNotes = Type.Object({
  items: Type.Array(Type.Object({ note: Note, sharedTags: Type.Array(Type.String()) })),
  /** Some of your changes have not reached the graph yet: the list may lag them. */
  mirrorPending: Type.Boolean(),
});

export const RelatedQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) },
  { additionalProperties: false },
);

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200 }),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
  },
  { additionalProperties: false },
);

export const SearchResults = Type.Object({
  notes: Type.Array(Note),
  documents: Type.Array(
    Type.Object({
      documentId: Type.String(),
      filename: Type.String(),
      chunkId: Type.Integer(),
      rank: Type.Number(),
      snippet: Type.String(),
    }),
  ),
  /** True when a source could not be asked: the results are what the others returned. */
  partial: Type.Boolean(),
  unavailable: Type.Array(Type.Object({ source: Type.Literal('documents'), reason: Type.String() })),
});
