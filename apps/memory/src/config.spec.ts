import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';

describe('memory configuration', () => {
  it('reads the environment and fills defaults', () => {
    expect(configFromEnv({ NEO4J_URL: 'bolt://graph:7687', PORT: '4000' })).toMatchObject({
      neo4jUrl: 'bolt://graph:7687',
      port: 4000,
      neo4jTimeoutMs: 3000,
    });
  });

  it('names a missing Neo4j URL', () => {
    expect(() => configFromEnv({})).toThrow(/Invalid memory configuration: .*neo4jUrl/);
  });
});
