import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { docsUnderTest } from '../support/docs-under-test.js';

const corpus = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const docs = await docsUnderTest();
const TYPES: Record<string, string> = {
  md: 'text/markdown',
  html: 'text/html',
  json: 'application/json',
  txt: 'text/plain',
};

beforeAll(async () => {
  for (const name of readdirSync(corpus)) {
    const uploaded = await docs.upload(name, readFileSync(`${corpus}${name}`), TYPES[name.split('.').pop()!]);
    expect((await docs.settled(uploaded.body.id)).status).toBe('ready');
  }
});

describe('GET /search on a small corpus', () => {
  it.each([
    ['how do bees make honey', 'bees.md'],
    ['what is the boiling point of water at altitude', 'cooking.html'],
    ['when was the printing press invented', 'printing.txt'],
    ['how many moons does jupiter have', 'planets.json'],
    ['photosynthesis chlorophyll sunlight', 'plants.md'],
    ['"movable type" gutenberg', 'printing.txt'],
  ])('ranks the right document first for %j', async (query, expected) => {
    const response = await docs.http.get('/search').query({ q: query });

    expect(response.status).toBe(200);
    expect(
      response.body.results[0]?.filename,
      JSON.stringify(response.body.results.map((hit: { filename: string; rank: number }) => [hit.filename, hit.rank])),
    ).toBe(expected);
  });

  it('excludes documents with a negated term', async () => {
    const response = await docs.http.get('/search').query({ q: 'honey -bees' });

    expect(response.body.results.map((hit: { filename: string }) => hit.filename)).not.toContain('bees.md');
  });
});
