import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';

describe('memory configuration', () => {
  it('reads the environment and fills defaults', () => {
    expect(
      configFromEnv({ NEO4J_URL: 'bolt://graph:7687', PORT: '4000', MEMORY_TOKEN_SECRET: 's'.repeat(32) }),
    ).toMatchObject({
      neo4jUrl: 'bolt://graph:7687',
      port: 4000,
      neo4jTimeoutMs: 3000,
    });
  });

  it('names a missing Neo4j URL and token secret', () => {
    expect(() => configFromEnv({})).toThrow(/Invalid memory configuration: .*neo4jUrl.*tokenSecret/s);
  });

  it('refuses a token secret shorter than 32 characters', () => {
    expect(() => configFromEnv({ NEO4J_URL: 'bolt://graph:7687', MEMORY_TOKEN_SECRET: 'short' })).toThrow(
      /tokenSecret/,
    );
  });
});
