import { MissingBinaryError, startNeo4j, startPostgres, startRedis } from '@realdeps/provisioning';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

const emptyDir = mkdtempSync(join(tmpdir(), 'empty-path-'));
const quiet = { provider: 'local' as const, reuse: false, log: () => undefined };
afterEach(() => vi.unstubAllEnvs());
afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

describe('a machine without the server binaries', () => {
  it('names redis-server and the three ways to get a Redis', async () => {
    vi.stubEnv('PATH', emptyDir);
    await expect(startRedis(quiet)).rejects.toThrow(
      new MissingBinaryError(
        'redis-server not found on PATH: install it (apt-get install redis-server), or set IT_REDIS_URL to a running server, or start a container runtime.',
      ),
    );
  });

  it('names java when Neo4j cannot be launched', async () => {
    vi.stubEnv('PATH', emptyDir);
    await expect(startNeo4j(quiet)).rejects.toThrow(
      'java not found on PATH: install it (apt-get install openjdk-17-jre-headless), or set IT_NEO4J_URL to a running server, or start a container runtime.',
    );
  });

  it('names the PostgreSQL binaries and where it looked', async () => {
    vi.stubEnv('IT_POSTGRES_BIN_DIR', emptyDir);
    await expect(startPostgres(quiet)).rejects.toThrow(
      `PostgreSQL server binaries (initdb, postgres) not found in IT_POSTGRES_BIN_DIR (${emptyDir}): install it (apt-get install postgresql)`,
    );
  });
});
