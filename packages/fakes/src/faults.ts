/** Faults every fake can be scripted with, in the same words. */
export type HttpFault =
  { kind: 'rate-limited'; retryAfterSeconds: number } | { kind: 'server-error' } | { kind: 'stall'; ms: number };

/** 429 with `retry-after` in seconds. */
export const rateLimited = (retryAfterSeconds = 1): HttpFault => ({ kind: 'rate-limited', retryAfterSeconds });
/** 500 in the API's error shape. */
export const serverError = (): HttpFault => ({ kind: 'server-error' });
/** No answer for `ms` (a late 200 then, if the client still waits). */
export const stall = (ms: number): HttpFault => ({ kind: 'stall', ms });
