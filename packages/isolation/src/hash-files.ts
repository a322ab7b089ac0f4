import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A short, stable hash of every file under `dirs` (names and contents): a template key. */
export function hashFiles(...dirs: string[]): string {
  const hash = createHash('sha256');
  const walk = (root: string, dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(root, path);
      } else {
        hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
      }
    }
  };
  for (const dir of dirs) walk(dir, dir);
  return hash.digest('hex').slice(0, 12);
}
