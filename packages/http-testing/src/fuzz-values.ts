import fc from 'fast-check';

/**
 * The values fuzzing sends: what a JSON Schema accepts, the same with one part made hostile,
 * and hostile values on their own. Shared by the HTTP fuzz (fuzz.ts) and the MCP fuzz
 * (mcp-fuzz.ts).
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

/** Strings that hurt: NUL and control characters, lone surrogates, RTL marks, injections, traversal, sizes. */
export const hostileString = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0001\u0007\u001b[31m\u007f',
    '\ud800',
    '\udfff\ud800',
    '\u202eevil',
    '\ufeff',
    '𝕏🧪👩‍👩‍👧',
    "' OR 1=1 --",
    '"}) MATCH (n) DETACH DELETE n //',
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    '<'.repeat(5000),
    '../../../etc/passwd',
    '%00',
    '%zz',
    ' ',
    '',
    'x'.repeat(100_000),
  ),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'binary-ascii', maxLength: 512 }),
);

/** Single characters that break text handling: NUL, controls, a lone surrogate, RTL override, astral, quotes. */
const spice = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\ud800',
  '\u202e',
  '\ufffe',
  '𝕏',
  "'",
  '"',
  '<',
  '\\',
);

const deepNesting = fc.integer({ min: 50, max: 2000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
});

/** Anything but what the schema asks for, or the right type at a size or with characters that hurt. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, 1.5),
  fc.constantFrom({}, [], [null], JSON.parse('{"__proto__": {"polluted": true}}') as object, {
    constructor: { prototype: { x: 1 } },
  }),
  fc.array(hostileString, { maxLength: 3 }),
  deepNesting,
  fc.anything({ maxDepth: 3 }),
);

const types = (schema: JsonSchema) => [schema.type ?? []].flat();

/** Values the schema accepts (mostly): the requests that reach the handlers. */
export function validValue(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((each) => validValue(each, depth)));
  const [type] = types(schema);
  const nested = (each: JsonSchema) => (depth > 4 ? fc.constant('x') : validValue(each, depth + 1));
  switch (type) {
    case 'string': {
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((value) => value.length <= 200);
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
      const plain = fc.string({ minLength, maxLength });
      // The right type and length, with a character that hurts inside: what gets past a schema.
      const spiced = fc
        .tuple(fc.string({ minLength: Math.max(minLength, 1), maxLength: Math.max(maxLength - 1, 1) }), spice, fc.nat())
        .map(([text, character, at]) => {
          const index = at % (text.length + 1);
          return (text.slice(0, index) + character + text.slice(index)).slice(0, Math.max(schema.maxLength ?? 41, 1));
        });
      return fc.oneof({ weight: 2, arbitrary: plain }, { weight: 1, arbitrary: spiced });
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(nested(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      return fc.record(Object.fromEntries(properties.map(([name, each]) => [name, nested(each)])), {
        requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)),
      });
    }
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

/** The valid value with one part made hostile: a field, an item, an extra key, a missing key, or all of it. */
function mutatedValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const [type] = types(schema);
  if (type === 'object' && schema.properties && Object.keys(schema.properties).length > 0) {
    const names = Object.keys(schema.properties);
    const withField = (name: fc.Arbitrary<string>) =>
      fc
        .tuple(validValue(schema), name, hostileValue)
        .map(([value, key, bad]) => ({ ...(value as object), [key]: bad }));
    return fc.oneof(
      withField(fc.constantFrom(...names)),
      withField(hostileString),
      fc.tuple(validValue(schema), fc.constantFrom(...names)).map(([value, name]) => {
        const copy = { ...(value as Record<string, unknown>) };
        delete copy[name];
        return copy;
      }),
      hostileValue,
    );
  }
  if (type === 'array' && schema.items)
    return fc.oneof(
      fc.array(mutatedValue(schema.items), { minLength: 1, maxLength: 3 }),
      fc.array(validValue(schema.items), { minLength: 1001, maxLength: 1200 }),
      hostileValue,
    );
  return hostileValue;
}

export const sometimesHostile = (schema: JsonSchema) =>
  fc.oneof({ weight: 3, arbitrary: validValue(schema) }, { weight: 2, arbitrary: mutatedValue(schema) });
