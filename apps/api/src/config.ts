import { PostgresSettings } from '@repo/postgres-kit';
import { definedEntries, parseConfigWith, serviceSettings } from '@repo/service-kit';
import { Type, type Static } from 'typebox';

const Seconds = (defaultValue: number) => Type.Integer({ minimum: 1, default: defaultValue });

export const ApiConfigSchema = Type.Object({
  ...serviceSettings(3000),
  databaseUrl: Type.String({ minLength: 1 }),
  redisUrl: Type.String({ minLength: 1 }),
  /** A separate Redis for the note cache (optional): cache trouble then never touches sessions. */
  cacheRedisUrl: Type.Optional(Type.String({ minLength: 1 })),
  /** HS256 key for access tokens: at least 32 characters. */
  jwtSecret: Type.String({ minLength: 32 }),
  accessTokenTtlSeconds: Seconds(900),
  refreshTokenTtlSeconds: Seconds(30 * 24 * 3600),
  /** A rotated refresh token seen again within this many seconds is a race (401, nothing revoked), later it is theft (the family is revoked). 0: always theft. */
  refreshReuseGraceSeconds: Type.Integer({ minimum: 0, maximum: 60, default: 5 }),
  /** A session lives in Redis this long; logout or expiry ends its access tokens. */
  sessionTtlSeconds: Seconds(30 * 24 * 3600),
  /** scrypt cost N = 2^passwordHashCost. 15 for production; tests may lower it for speed. */
  passwordHashCost: Type.Integer({ minimum: 10, maximum: 20, default: 15 }),
  /** Password hashes computed at once (scrypt, on libuv's 4 threads): 2 leaves the others to the rest of the service. */
  passwordHashConcurrency: Type.Integer({ minimum: 1, maximum: 64, default: 2 }),
  /** Logins and registrations waiting for a hash; beyond this they get 503 password-hashing-busy. */
  passwordHashQueue: Type.Integer({ minimum: 0, default: 32 }),
  noteCacheTtlSeconds: Seconds(60),
  bodyLimitBytes: Type.Integer({ minimum: 1024, default: 64 * 1024 }),
  rateLimit: Type.Object(
    {
      max: Type.Integer({ minimum: 1, default: 300 }),
      windowSeconds: Seconds(60),
      loginMax: Type.Integer({ minimum: 1, default: 5 }),
      loginWindowSeconds: Seconds(60),
      /** Login attempts per account from all addresses together, per loginWindowSeconds. */
      loginAccountMax: Type.Integer({ minimum: 1, default: 20 }),
      /** Registrations per client address per registerWindowSeconds: 409 tells whether an email exists, so asking is limited. */
      registerMax: Type.Integer({ minimum: 1, default: 10 }),
      registerWindowSeconds: Seconds(3600),
    },
    { default: {} },
  ),
  postgres: PostgresSettings,
  /** The memory service: notes are mirrored into its graph, and /notes/:id/related reads it. Optional. */
  memoryUrl: Type.Optional(Type.String({ minLength: 1 })),
  /** HS256 key of the service tokens for memory (MEMORY_TOKEN_SECRET, shared with memory only); needed with memoryUrl. */
  memoryTokenSecret: Type.Optional(Type.String({ minLength: 32 })),
  /** The memory namespace the notes live in. */
  memoryNamespace: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', default: 'notes' }),
  /** The docs service: GET /search combines its results with the notes. Optional. */
  docsUrl: Type.Optional(Type.String({ minLength: 1 })),
  /** HS256 key of the service tokens for docs (DOCS_TOKEN_SECRET, shared with docs only); needed with docsUrl. */
  docsTokenSecret: Type.Optional(Type.String({ minLength: 32 })),
  /** How long a service token lives: one call and its retries. */
  serviceTokenTtlSeconds: Type.Integer({ minimum: 5, maximum: 3600, default: 60 }),
  /** Calls to memory and docs: per-attempt timeout, retries (idempotent calls only), breaker. */
  dependencies: Type.Object(
    {
      timeoutMs: Type.Integer({ minimum: 1, default: 2000 }),
      retries: Type.Integer({ minimum: 0, maximum: 5, default: 2 }),
      retryBaseMs: Type.Integer({ minimum: 1, default: 100 }),
      breakerThreshold: Type.Integer({ minimum: 1, default: 5 }),
      breakerHalfOpenMs: Type.Integer({ minimum: 1, default: 10_000 }),
    },
    { default: {} },
  ),
  /** The relay that delivers the outbox to memory (it runs only when memoryUrl is set). */
  outbox: Type.Object(
    {
      pollIntervalMs: Type.Integer({ minimum: 1, default: 1000 }),
      batchSize: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
      retryBaseMs: Type.Integer({ minimum: 1, default: 500 }),
      retryMaxMs: Type.Integer({ minimum: 1, default: 60_000 }),
    },
    { default: {} },
  ),
  redis: Type.Object(
    {
      /** A Redis command that takes longer fails, so a dead Redis costs this much at most. */
      commandTimeoutMs: Type.Integer({ minimum: 1, default: 500 }),
    },
    { default: {} },
  ),
});

export type ApiConfig = Static<typeof ApiConfigSchema>;
type Nested = 'server' | 'rateLimit' | 'postgres' | 'redis' | 'dependencies' | 'outbox';
export type ApiConfigInput = Partial<Omit<ApiConfig, Nested>> &
  Pick<ApiConfig, 'databaseUrl' | 'redisUrl' | 'jwtSecret'> & { [K in Nested]?: Partial<ApiConfig[K]> };

/** Fills defaults and validates; throws one error naming every bad field. */
export function parseConfig(input: ApiConfigInput | Record<string, unknown>): ApiConfig {
  const config = parseConfigWith(ApiConfigSchema, 'api', input);
  const missing = [
    config.memoryUrl && !config.memoryTokenSecret ? '/memoryTokenSecret is required with memoryUrl' : [],
    config.docsUrl && !config.docsTokenSecret ? '/docsTokenSecret is required with docsUrl' : [],
  ].flat();
  if (missing.length > 0) throw new Error(`Invalid api configuration: ${missing.join('; ')}`);
  return config;
}

/** The only place that reads the environment. */
export function configFromEnv(env: Record<string, string | undefined>): ApiConfig {
  return parseConfig({
    ...definedEntries({
      host: env.HOST,
      port: env.PORT,
      logLevel: env.LOG_LEVEL,
      databaseUrl: env.DATABASE_URL,
      redisUrl: env.REDIS_URL,
      cacheRedisUrl: env.CACHE_REDIS_URL,
      jwtSecret: env.JWT_SECRET,
      passwordHashCost: env.PASSWORD_HASH_COST,
      memoryUrl: env.MEMORY_URL,
      memoryTokenSecret: env.MEMORY_TOKEN_SECRET,
      memoryNamespace: env.MEMORY_NAMESPACE,
      docsUrl: env.DOCS_URL,
      docsTokenSecret: env.DOCS_TOKEN_SECRET,
    }),
    outbox: definedEntries({ batchSize: env.OUTBOX_BATCH_SIZE, pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS }),
  });
}
