/**
 * Deterministic vectors that carry meaning, for tests of search by meaning without a model: each
 * concept of a small lexicon is one axis, so words of one concept ("database", "postgres") point
 * the same way and words of others ("banana") are orthogonal to them. A word outside the lexicon
 * still counts, on an axis chosen by its hash beyond the concepts' axes, so the same rare word in
 * a query and a text brings them together as a keyword would. Vectors are unit length.
 */

/** Concept name -> its words (lower case). The order gives the axes: the first concept is axis 0. */
export type Lexicon = Record<string, readonly string[]>;

export const DEFAULT_LEXICON: Lexicon = {
  database: ['database', 'postgres', 'postgresql', 'sql', 'table', 'query', 'schema', 'index', 'row', 'transaction'],
  graph: ['graph', 'neo4j', 'node', 'edge', 'relation', 'relationship', 'cypher', 'traversal', 'neighbour'],
  cache: ['cache', 'redis', 'key', 'expiry', 'ttl', 'memcached'],
  fruit: ['fruit', 'banana', 'apple', 'orange', 'mango', 'pear', 'grape', 'cherry'],
  animal: ['animal', 'dog', 'cat', 'horse', 'bird', 'pet', 'puppy', 'kitten'],
  sea: ['sea', 'ocean', 'lighthouse', 'ship', 'boat', 'harbour', 'wave', 'sailor', 'coast'],
  code: ['code', 'program', 'software', 'function', 'bug', 'compiler', 'typescript', 'javascript', 'python'],
  weather: ['weather', 'rain', 'storm', 'sun', 'cloud', 'snow', 'wind', 'forecast'],
  music: ['music', 'song', 'piano', 'guitar', 'melody', 'concert', 'band'],
  money: ['money', 'price', 'cost', 'invoice', 'payment', 'bank', 'budget', 'salary'],
  travel: ['travel', 'trip', 'flight', 'train', 'hotel', 'journey', 'airport'],
  food: ['food', 'meal', 'bread', 'cheese', 'dinner', 'lunch', 'recipe', 'cook', 'soup'],
};

/** Words of the text: lower case runs of letters and digits. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function axisIndex(lexicon: Lexicon): Map<string, number> {
  const index = new Map<string, number>();
  Object.values(lexicon).forEach((words, axis) => words.forEach((word) => index.set(word, axis)));
  return index;
}

/** FNV-1a: a stable hash of a word, the same in every process. */
function hashOf(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** How much a word outside the lexicon weighs against a concept's word. */
const OTHER_WORD_WEIGHT = 0.5;

/**
 * The vector of a text: per word, 1 on its concept's axis (a plural "s" dropped when the rest is a
 * concept's word), or 0.5 on a hashed axis past the concepts;
 * then scaled to unit length. A text with no words is the unit vector of the last axis, so no
 * vector is ever zero (a zero vector has no direction and no cosine).
 */
export function meaningVector(text: string, dimensions: number, lexicon: Lexicon = DEFAULT_LEXICON): number[] {
  const concepts = Object.keys(lexicon).length;
  if (!Number.isInteger(dimensions) || dimensions <= concepts)
    throw new RangeError(`dimensions must be an integer above the lexicon's ${concepts} concepts (got ${dimensions})`);
  const axes = axisIndex(lexicon);
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of wordsOf(text)) {
    const axis = axes.get(word) ?? (word.endsWith('s') ? axes.get(word.slice(0, -1)) : undefined);
    if (axis !== undefined) vector[axis]! += 1;
    else vector[concepts + (hashOf(word) % (dimensions - concepts))]! += OTHER_WORD_WEIGHT;
  }
  const length = Math.hypot(...vector);
  if (length === 0) vector[dimensions - 1] = 1;
  return length === 0 ? vector : vector.map((value) => value / length);
}

/** Cosine similarity of two vectors of one length; 0 when either is all zeros. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`vectors of ${a.length} and ${b.length} dimensions`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  const lengths = Math.hypot(...a) * Math.hypot(...b);
  return lengths === 0 ? 0 : dot / lengths;
}

/** The OpenAI API's base64 encoding of an embedding: its float32 values, little-endian. */
export function toBase64Embedding(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

/** The inverse of toBase64Embedding, as a client decodes it. */
export function fromBase64Embedding(encoded: string): number[] {
  const bytes = Buffer.from(encoded, 'base64');
  return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
}
