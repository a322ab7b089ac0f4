import { describe, expect, it } from 'vitest';
import { retryDelayMs, textOfEntity } from './embedding-job.js';
import { vectorProblem } from './embeddings-client.js';
import { queryWords } from './semantic-search.js';

describe('retryDelayMs', () => {
  const options = { baseMs: 100, maxMs: 1000 };

  it('doubles from the base with each attempt, up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempts) => retryDelayMs(attempts, options))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('waits no less than the API asked, even past the maximum', () => {
    expect(retryDelayMs(1, options, 3000)).toBe(3000);
    expect(retryDelayMs(4, options, 50)).toBe(800);
  });
});

describe('textOfEntity', () => {
  it('is the name with its type, then each observation', () => {
    expect(textOfEntity({ name: 'Ada', type: 'person', observations: ['wrote programs', 'liked engines'] })).toBe(
      'Ada (person). wrote programs. liked engines',
    );
    expect(textOfEntity({ name: 'Ada', type: 'person', observations: [] })).toBe('Ada (person)');
  });
});

describe('vectorProblem', () => {
  it('accepts a vector of the configured length with a direction', () => {
    expect(vectorProblem([0, 0.6, 0.8], 3)).toBeUndefined();
    expect(vectorProblem([-1, 0, 0], 3)).toBeUndefined();
  });

  it('names what is wrong: the length, a value that is not a number, no direction', () => {
    expect(vectorProblem([1, 0], 3)).toBe('has 2 dimensions, not the 3 configured');
    expect(vectorProblem([1, Number.NaN, 0], 3)).toBe('holds a value that is not a finite number');
    expect(vectorProblem([1, Number.POSITIVE_INFINITY, 0], 3)).toBe('holds a value that is not a finite number');
    expect(vectorProblem([0, 0, 0], 3)).toBe('is all zeros (no direction to compare)');
  });
});

describe('queryWords', () => {
  it('is the lower-case words, each once', () => {
    expect(queryWords('Postgres, postgres and SQL!')).toEqual(['postgres', 'and', 'sql']);
  });

  it('is the whole query when it has no words', () => {
    expect(queryWords('?!')).toEqual(['?!']);
  });
});
