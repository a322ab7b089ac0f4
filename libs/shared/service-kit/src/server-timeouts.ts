import { Type, type Static } from 'typebox';

/**
 * How long the HTTP server waits for a client, in every service's config (`server`). Node's
 * own defaults let a client that sends its headers a byte at a time hold a connection for a
 * minute, and a request body for five.
 */
export const ServerTimeouts = Type.Object(
  {
    /** The whole request, headers and body, must arrive within this (408 after). */
    requestTimeoutMs: Type.Integer({ minimum: 1, default: 30_000 }),
    /** The headers must arrive within this (408 after). */
    headersTimeoutMs: Type.Integer({ minimum: 1, default: 10_000 }),
    /** An idle keep-alive connection is closed after this. */
    keepAliveTimeoutMs: Type.Integer({ minimum: 1, default: 5_000 }),
    /** A socket with no traffic at all is closed after this. */
    idleTimeoutMs: Type.Integer({ minimum: 1, default: 60_000 }),
  },
  { default: {} },
);
export type ServerTimeouts = Static<typeof ServerTimeouts>;

/** The Fastify options that apply them. */
export const serverTimeoutOptions = (timeouts: ServerTimeouts) => ({
  requestTimeout: timeouts.requestTimeoutMs,
  keepAliveTimeout: timeouts.keepAliveTimeoutMs,
  connectionTimeout: timeouts.idleTimeoutMs,
  http: {
    headersTimeout: timeouts.headersTimeoutMs,
    // Node looks for late headers and bodies this often; by default every 30 s, which would stretch them.
    connectionsCheckingInterval: Math.min(1000, timeouts.headersTimeoutMs, timeouts.requestTimeoutMs),
  },
});
