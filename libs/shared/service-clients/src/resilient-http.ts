import type { ServiceCaller } from '@repo/contracts';
import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';

export interface ResilienceOptions {
  /** The service's base URL, e.g. http://memory:3001. */
  baseUrl: string;
  /** Name used in errors and logs. */
  service: string;
  /** Each attempt is abandoned after this long. */
  timeoutMs: number;
  /** Retries after the first attempt, for idempotent calls only. */
  retries: number;
  /** First backoff; later ones grow exponentially with decorrelated jitter. */
  retryBaseMs: number;
  /** Consecutive failures that open the breaker, and how long it stays open before a trial call. */
  breakerThreshold: number;
  breakerHalfOpenMs: number;
  /** Told about every attempt (first tries and retries): for metrics, logs and tests. */
  onAttempt?: (call: { method: string; path: string }) => void;
}

export interface ServiceClientOptions extends ResilienceOptions {
  /** Signs the short-lived service token of one call (the api's signServiceToken for this audience). */
  token: (caller: ServiceCaller) => Promise<string>;
}

export type CallFailure = 'timeout' | 'unreachable' | 'circuit-open' | 'server-error' | 'client-error';

/** A call to another service that did not succeed, with what kind of failure it was. */
export class ServiceCallError extends Error {
  override name = 'ServiceCallError';
  constructor(
    readonly service: string,
    readonly failure: CallFailure,
    message: string,
    readonly status?: number,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** Worth another try: the other side may recover (a 4xx means our request is wrong: it will not). */
const transient = (error: unknown) =>
  error instanceof ServiceCallError &&
  (error.failure === 'timeout' || error.failure === 'unreachable' || error.failure === 'server-error');

export interface CallOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | string[] | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as "Authorization: Bearer <service token for this caller>" (clients with a `token` signer only). */
  caller?: ServiceCaller;
  /** Safe to repeat: only such calls are retried. */
  idempotent: boolean;
  /** Passed on as x-request-id, so one request can be followed across services. */
  requestId?: string;
}

/**
 * HTTP with the resilience every service-to-service call needs: a timeout per attempt,
 * bounded retries with backoff and jitter for idempotent calls only, and a circuit breaker
 * (cockatiel) that answers at once while the other service is failing.
 */
export function createResilientHttp(options: ResilienceOptions & { token?: ServiceClientOptions['token'] }) {
  const breaker: CircuitBreakerPolicy = circuitBreaker(handleWhen(transient), {
    halfOpenAfter: options.breakerHalfOpenMs,
    breaker: new ConsecutiveBreaker(options.breakerThreshold),
  });
  const retrying: IPolicy = retry(handleWhen(transient), {
    maxAttempts: options.retries,
    backoff: new ExponentialBackoff({ initialDelay: options.retryBaseMs, maxDelay: options.retryBaseMs * 16 }),
  });

  async function attempt(call: CallOptions, authorization: Record<string, string>): Promise<unknown> {
    options.onAttempt?.({ method: call.method, path: call.path });
    const url = new URL(call.path, options.baseUrl);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
        url.searchParams.append(key, String(item));
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: call.method,
        headers: {
          accept: 'application/json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(call.requestId ? { 'x-request-id': call.requestId } : {}),
          ...call.headers,
          ...authorization,
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new ServiceCallError(
        options.service,
        timedOut ? 'timeout' : 'unreachable',
        timedOut
          ? `${options.service} did not answer within ${options.timeoutMs} ms`
          : `${options.service} is unreachable`,
      );
    }
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    if (response.ok) return body;
    const failure = response.status >= 500 ? 'server-error' : 'client-error';
    throw new ServiceCallError(
      options.service,
      failure,
      `${options.service} answered ${response.status}`,
      response.status,
      body,
    );
  }

  return {
    breaker,
    async call<T>(call: CallOptions): Promise<T> {
      // One token per call, shared by its retries (they all end well within its lifetime).
      const authorization: Record<string, string> =
        call.caller && options.token ? { authorization: `Bearer ${await options.token(call.caller)}` } : {};
      const once = () => breaker.execute(() => attempt(call, authorization));
      try {
        return (await (call.idempotent ? retrying.execute(once) : once())) as T;
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new ServiceCallError(
            options.service,
            'circuit-open',
            `${options.service} is failing; calls are paused for up to ${options.breakerHalfOpenMs} ms`,
          );
        }
        throw error;
      }
    },
  };
}

export type ResilientHttp = ReturnType<typeof createResilientHttp>;
