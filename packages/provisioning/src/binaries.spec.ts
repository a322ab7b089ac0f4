import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresBinDir, requireOnPath } from './binaries.js';

const emptyDir = mkdtempSync(join(tmpdir(), 'no-binaries-'));
afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

describe('missing binaries', () => {
  it('names redis-server, how to install it and the two other ways out', () => {
    expect(() => requireOnPath('redis-server', 'apt-get install redis-server', 'IT_REDIS_URL', emptyDir)).toThrow(
      'redis-server not found on PATH: install it (apt-get install redis-server), or set IT_REDIS_URL to a running server, or start a container runtime.',
    );
  });

  it('names the directory it searched when IT_POSTGRES_BIN_DIR has no PostgreSQL', () => {
    expect(() => postgresBinDir({ IT_POSTGRES_BIN_DIR: emptyDir })).toThrow(
      `PostgreSQL server binaries (initdb, postgres) not found in IT_POSTGRES_BIN_DIR (${emptyDir}): install it (apt-get install postgresql)`,
    );
  });
});
