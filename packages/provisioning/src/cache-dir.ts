import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where provisioning keeps what is worth keeping between runs (an initialised PostgreSQL
 * cluster, reuse-mode state). `IT_CACHE_DIR` overrides it. World-traversable because the
 * local PostgreSQL runs as the unprivileged `postgres` user when we are root.
 */
export function cacheDir(...parts: string[]): string {
  const root = process.env.IT_CACHE_DIR ?? join(tmpdir(), 'integration-testing-cache');
  const dir = join(root, ...parts);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}
