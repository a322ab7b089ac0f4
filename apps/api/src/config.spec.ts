import { describe, expect, it } from 'vitest';
import { configFromEnv, parseConfig } from './config.js';

const required = { databaseUrl: 'postgres://db/app', redisUrl: 'redis://cache', jwtSecret: 'x'.repeat(32) };

describe('api configuration', () => {
  it('fills defaults around the required settings', () => {
    const config = parseConfig(required);
    expect(config).toMatchObject({
      port: 3000,
      accessTokenTtlSeconds: 900,
      rateLimit: { loginMax: 5 },
      postgres: { connectionTimeoutMs: 2000 },
    });
  });

  it('reads and converts the environment', () => {
    const config = configFromEnv({
      DATABASE_URL: 'postgres://db/app',
      REDIS_URL: 'redis://cache',
      JWT_SECRET: 'y'.repeat(40),
      PORT: '8080',
    });
    expect(config.port).toBe(8080);
  });

  it('leaves memory and docs out unless their URLs are given, and mirrors into the "notes" namespace', () => {
    const config = configFromEnv({
      DATABASE_URL: 'postgres://db/app',
      REDIS_URL: 'redis://cache',
      JWT_SECRET: 'y'.repeat(40),
      MEMORY_URL: 'http://memory:3001',
      MEMORY_TOKEN_SECRET: 'm'.repeat(32),
      OUTBOX_BATCH_SIZE: '10',
    });
    expect(config).toMatchObject({
      memoryUrl: 'http://memory:3001',
      memoryNamespace: 'notes',
      outbox: { pollIntervalMs: 1000, batchSize: 10 },
    });
    expect(config.docsUrl).toBeUndefined();
  });

  it('needs the token secret of each service it calls', () => {
    expect(() => parseConfig({ ...required, memoryUrl: 'http://memory:3001', docsUrl: 'http://docs:3002' })).toThrow(
      'Invalid api configuration: /memoryTokenSecret is required with memoryUrl; /docsTokenSecret is required with docsUrl',
    );
  });

  it('names every bad field in one error', () => {
    expect(() => parseConfig({ ...required, jwtSecret: 'short', port: 70_000 })).toThrow(
      /\/jwtSecret.*\/port|\/port.*\/jwtSecret/,
    );
  });
});
