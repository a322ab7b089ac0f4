import { Type } from 'typebox';

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Body = Type.String({ maxLength: 10_000 });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 32, pattern: '^\\S+$' }), {
  maxItems: 20,
  uniqueItems: true,
});

/** Clients set only these; id, owner, version and timestamps are the server's (no mass assignment). */
export const NoteCreate = Type.Object(
  { title: Title, body: Type.Optional(Body), tags: Type.Optional(Tags) },
  { additionalProperties: false },
);
export const NoteUpdate = Type.Object(
  { title: Type.Optional(Title), body: Type.Optional(Body), tags: Type.Optional(Tags) },
  { additionalProperties: false, minProperties: 1 },
);

export const Note = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  body: Type.String(),
  tags: Type.Array(Type.String()),
  version: Type.Integer({ minimum: 1 }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const NotePage = Type.Object({
  items: Type.Array(Note),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const NoteParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const NoteListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Text the title contains (literally).' }),
    ),
  },
  { additionalProperties: false },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 40 })),
});
