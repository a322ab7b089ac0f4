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
});

export type MemoryConfig = Static<typeof MemoryConfigSchema>;
export type MemoryConfigInput = Partial<Omit<MemoryConfig, 'server'>> &
  Pick<MemoryConfig, 'neo4jUrl' | 'tokenSecret'> & { server?: Partial<MemoryConfig['server']> };

/** Fills defaults and validates; throws one error naming every bad field. */
export const parseConfig = (input: MemoryConfigInput | Record<string, unknown>): MemoryConfig =>
  parseConfigWith(MemoryConfigSchema, 'memory', input);

/** The only place that reads the environment. */
export function configFromEnv(env: Record<string, string | undefined>): MemoryConfig {
  return parseConfig(
    definedEntries({
      host: env.HOST,
      port: env.PORT,
      logLevel: env.LOG_LEVEL,
      neo4jUrl: env.NEO4J_URL,
      neo4jUser: env.NEO4J_USER,
      neo4jPassword: env.NEO4J_PASSWORD,
      neo4jQueryTimeoutMs: env.NEO4J_QUERY_TIMEOUT_MS,
      tokenSecret: env.MEMORY_TOKEN_SECRET,
    }),
  );
}
