import { describe, expect, it } from 'vitest';
import {
  cosineSimilarity,
  DEFAULT_LEXICON,
  fromBase64Embedding,
  meaningVector,
  toBase64Embedding,
  wordsOf,
} from './meaning-vectors.js';

const vector = (text: string) => meaningVector(text, 64);
const similarity = (a: string, b: string) => cosineSimilarity(vector(a), vector(b));

describe('meaningVector', () => {
  it('puts words of one concept nearer each other than words of another', () => {
    expect(similarity('database', 'postgres')).toBeCloseTo(1);
    expect(similarity('database', 'banana')).toBe(0);
    expect(similarity('a postgres table', 'a sql query')).toBeGreaterThan(
      similarity('a postgres table', 'a ripe banana'),
    );
  });

  it('reads plurals and capitals as the word', () => {
    expect(vector('Databases')).toEqual(vector('database'));
    expect(vector('BANANAS, Apples!')).toEqual(vector('banana apple'));
  });

  it('brings texts together on a word outside the lexicon, less than on a concept', () => {
    const rare = similarity('zephyrine protocol', 'the zephyrine');
    expect(rare).toBeGreaterThan(0);
    expect(rare).toBeLessThan(1);
    expect(similarity('zephyrine', 'quixotic')).toBeLessThan(rare);
  });

  it('gives the same vector in every call, of unit length, with no zero vector even for no words', () => {
    for (const text of ['postgres and redis', 'zephyrine', '', '!?']) {
      expect(meaningVector(text, 64)).toEqual(meaningVector(text, 64));
      expect(Math.hypot(...meaningVector(text, 64))).toBeCloseTo(1);
    }
    expect(meaningVector('', 16).at(-1)).toBe(1);
  });

  it('weighs a concept by how often its words come', () => {
    const mostlyFruit = vector('banana apple postgres');
    expect(mostlyFruit[Object.keys(DEFAULT_LEXICON).indexOf('fruit')]).toBeCloseTo(2 / Math.sqrt(5));
  });

  it('takes a lexicon of its own, one axis per concept in order', () => {
    const lexicon = { colour: ['red', 'blue'], shape: ['circle'] };
    expect(meaningVector('red', 4, lexicon)).toEqual([1, 0, 0, 0]);
    expect(meaningVector('circle', 4, lexicon)).toEqual([0, 1, 0, 0]);
  });

  it('refuses dimensions that leave no axis past the concepts', () => {
    const concepts = Object.keys(DEFAULT_LEXICON).length;
    expect(() => meaningVector('x', concepts)).toThrow(
      `dimensions must be an integer above the lexicon's ${concepts} concepts (got ${concepts})`,
    );
    expect(() => meaningVector('x', 40.5)).toThrow(RangeError);
    expect(meaningVector('x', concepts + 1)).toHaveLength(concepts + 1);
  });
});

describe('wordsOf', () => {
  it('splits on anything but letters and digits, in lower case', () => {
    expect(wordsOf('Neo4j, PostgreSQL & Café-au-lait!')).toEqual(['neo4j', 'postgresql', 'café', 'au', 'lait']);
    expect(wordsOf('  ')).toEqual([]);
  });
});

describe('cosineSimilarity', () => {
  it('is 1 for one direction, 0 for orthogonal, -1 for opposite, 0 against zeros', () => {
    expect(cosineSimilarity([1, 0], [3, 0])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 2])).toBe(0);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1);
    expect(cosineSimilarity([1, 1], [0, 0])).toBe(0);
  });

  it('refuses vectors of different lengths', () => {
    expect(() => cosineSimilarity([1, 0], [1, 0, 0])).toThrow('vectors of 2 and 3 dimensions');
  });
});

describe('base64 embeddings', () => {
  it('round-trip as little-endian float32', () => {
    const original = vector('postgres and a banana');
    const decoded = fromBase64Embedding(toBase64Embedding(original));
    decoded.forEach((value, i) => expect(value).toBeCloseTo(original[i]!, 6));
    expect(toBase64Embedding([1])).toBe(Buffer.from([0, 0, 0x80, 0x3f]).toString('base64'));
  });
});
