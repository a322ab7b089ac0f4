import { definedEntries, parseConfigWith, serviceSettings } from '@repo/service-kit';
import { Type, type Static } from 'typebox';

export const MemoryConfigSchema = Type.Object({
  ...serviceSettings(3001),
  neo4jUrl: Type.String({ minLength: 1 }),
  neo4jUser: Type.String({ default: 'neo4j' }),
  neo4jPassword: Type.String({ default: '' }),
  /** How long one request may spend reaching Neo4j (connect + retries) before it gets a 503. */
  neo4jTimeoutMs: Type.Integer({ minimum: 100, default: 3000 }),
  /** How long Neo4j may work on one transaction before it stops it (the request gets a 503). */
  neo4jQueryTimeoutMs: Type.Integer({ minimum: 100, default: 10_000 }),
  bodyLimitBytes: Type.Integer({ minimum: 1024, default: 1024 * 1024 }),
  /** HS256 key of the service tokens the api signs for memory (MEMORY_TOKEN_SECRET, shared with the api only). */
  tokenSecret: Type.String({ minLength: 32 }),
  /**
   * An OpenAI-compatible embeddings API (EMBEDDINGS_URL and the rest). Without it the service
   * recalls by keyword only, and says so (`degraded`) in every semantic search.
   */
  embeddings: Type.Optional(
    Type.Object({
      /** The API's base URL, up to and with `/v1`. */
      url: Type.String({ minLength: 1 }),
      apiKey: Type.String({ default: '' }),
      model: Type.String({ minLength: 1, default: 'text-embedding-3-small' }),
      /** The vectors' length: the vector index is made for it, and a vector of another length is refused. */
      dimensions: Type.Integer({ minimum: 2, maximum: 4096, default: 1536 }),
      /** How long a search waits for its query's vector before it answers by keyword, degraded. */
      queryTimeoutMs: Type.Integer({ minimum: 50, default: 2000 }),
      /** How long the background job waits for one batch. */
      jobTimeoutMs: Type.Integer({ minimum: 100, default: 10_000 }),
      batchSize: Type.Integer({ minimum: 1, maximum: 2048, default: 64 }),
      /** How often the job looks for entities to embed when nothing woke it. */
      pollMs: Type.Integer({ minimum: 5, default: 1000 }),
      /** A failed entity is tried again after retryBaseMs, doubling up to retryMaxMs (or after the API's Retry-After). */
      retryBaseMs: Type.Integer({ minimum: 1, default: 500 }),
      retryMaxMs: Type.Integer({ minimum: 1, default: 60_000 }),
      /** Entities pending this long, written through another instance that may have stopped, are embedded here too. */
      orphanAfterMs: Type.Integer({ minimum: 1, default: 60_000 }),
    }),
  ),
});

export type MemoryConfig = Static<typeof MemoryConfigSchema>;
export type MemoryConfigInput = Partial<Omit<MemoryConfig, 'server' | 'embeddings'>> &
  Pick<MemoryConfig, 'neo4jUrl' | 'tokenSecret'> & {
    server?: Partial<MemoryConfig['server']>;
    embeddings?: Partial<NonNullable<MemoryConfig['embeddings']>> & { url: string };
  };

/** Fills defaults and validates; throws one error naming every bad field. */
export const parseConfig = (input: MemoryConfigInput | Record<string, unknown>): MemoryConfig =>
  parseConfigWith(MemoryConfigSchema, 'memory', input);

/** The only place that reads the environment. */
export function configFromEnv(env: Record<string, string | undefined>): MemoryConfig {
  return parseConfig({
    ...definedEntries({
      host: env.HOST,
      port: env.PORT,
      logLevel: env.LOG_LEVEL,
      neo4jUrl: env.NEO4J_URL,
      neo4jUser: env.NEO4J_USER,
      neo4jPassword: env.NEO4J_PASSWORD,
      neo4jQueryTimeoutMs: env.NEO4J_QUERY_TIMEOUT_MS,
      tokenSecret: env.MEMORY_TOKEN_SECRET,
    }),
    ...(env.EMBEDDINGS_URL === undefined
      ? {}
      : {
          embeddings: definedEntries({
            url: env.EMBEDDINGS_URL,
            apiKey: env.EMBEDDINGS_API_KEY,
            model: env.EMBEDDINGS_MODEL,
            dimensions: env.EMBEDDINGS_DIMENSIONS,
          }),
        }),
  });
}
