import { mkdirSync, rmSync, statSync } from 'node:fs';
import { waitFor } from './deadline.js';

/**
 * Runs `fn` while holding a lock directory, so parallel test processes do not build the
 * same thing at once. A lock older than `staleMs` belongs to a crashed run and is taken over.
 */
export async function withFileLock<T>(
  lockDir: string,
  what: string,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const staleMs = timeoutMs;
  await waitFor(
    `the lock ${lockDir} (${what})`,
    timeoutMs,
    () => {
      try {
        mkdirSync(lockDir);
        return true;
      } catch {
        try {
          if (Date.now() - statSync(lockDir).mtimeMs > staleMs) rmSync(lockDir, { recursive: true, force: true });
        } catch {
          /* released meanwhile */
        }
        return undefined;
      }
    },
    100,
  );
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
