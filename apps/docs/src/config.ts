import { PostgresSettings } from '@repo/postgres-kit';
import { definedEntries, parseConfigWith, serviceSettings } from '@repo/service-kit';
import { Type, type Static } from 'typebox';

export const DocsConfigSchema = Type.Object({
  ...serviceSettings(3002),
  databaseUrl: Type.String({ minLength: 1 }),
  postgres: PostgresSettings,
  /** Where uploaded files live, named by their SHA-256. */
  storageDir: Type.String({ minLength: 1 }),
  maxUploadBytes: Type.Integer({ minimum: 1, default: 1024 * 1024 }),
  chunk: Type.Object(
    { size: Type.Integer({ minimum: 50, default: 800 }), overlap: Type.Integer({ minimum: 0, default: 100 }) },
    { default: {} },
  ),
  worker: Type.Object(
    {
      enabled: Type.Boolean({ default: true }),
      pollMs: Type.Integer({ minimum: 10, default: 500 }),
      /** A job whose worker has not finished within this time is taken again. */
      leaseMs: Type.Integer({ minimum: 100, default: 60_000 }),
      maxAttempts: Type.Integer({ minimum: 1, default: 5 }),
      /** Backoff before retry n is retryBaseMs * 2^(n-1). */
      retryBaseMs: Type.Integer({ minimum: 1, default: 1000 }),
    },
    { default: {} },
  ),
  claude: Type.Object(
    {
      baseUrl: Type.Optional(Type.String({ minLength: 1 })),
      apiKey: Type.String({ default: '' }),
      model: Type.String({ default: 'claude-sonnet-4-5' }),
      maxTokens: Type.Integer({ minimum: 1, default: 1024 }),
      timeoutMs: Type.Integer({ minimum: 1, default: 30_000 }),
      maxRetries: Type.Integer({ minimum: 0, default: 2 }),
      /** Consecutive failed answers that open the circuit breaker, and how long it stays open. */
      breakerThreshold: Type.Integer({ minimum: 1, default: 5 }),
      breakerHalfOpenMs: Type.Integer({ minimum: 1, default: 30_000 }),
    },
    { default: {} },
  ),
  answerChunks: Type.Integer({ minimum: 1, maximum: 20, default: 5 }),
  /** HS256 key of the service tokens the api signs for docs (DOCS_TOKEN_SECRET, shared with the api only). */
  tokenSecret: Type.String({ minLength: 32 }),
});

export type DocsConfig = Static<typeof DocsConfigSchema>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };
export type DocsConfigInput = DeepPartial<DocsConfig> & Pick<DocsConfig, 'databaseUrl' | 'storageDir' | 'tokenSecret'>;

export const parseConfig = (input: DocsConfigInput | Record<string, unknown>): DocsConfig =>
  parseConfigWith(DocsConfigSchema, 'docs', input);

/** The only place that reads the environment. */
export function configFromEnv(env: Record<string, string | undefined>): DocsConfig {
  const claude = definedEntries({
    baseUrl: env.ANTHROPIC_BASE_URL,
    apiKey: env.ANTHROPIC_API_KEY,
    model: env.CLAUDE_MODEL,
  });
  return parseConfig({
    ...definedEntries({
      host: env.HOST,
      port: env.PORT,
      logLevel: env.LOG_LEVEL,
      databaseUrl: env.DATABASE_URL,
      storageDir: env.STORAGE_DIR,
      tokenSecret: env.DOCS_TOKEN_SECRET,
    }),
    claude,
  });
}
