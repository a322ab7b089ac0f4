/** Raised when a wait runs out of time; the message names what was awaited. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/**
 * Polls `probe` until it returns a value other than `undefined`, or fails with a
 * DeadlineError naming `what` after `timeoutMs`. The last probe error is kept as the cause.
 */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
  intervalMs = 25,
): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started >= timeoutMs) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new DeadlineError(`Timed out after ${timeoutMs} ms waiting for ${what}${detail}`, {
        cause: lastError,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
