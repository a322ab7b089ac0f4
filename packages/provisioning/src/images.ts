import type { ServerKind } from './types.js';

/**
 * Container images for the testcontainers provider, pinned in one place. PostgreSQL and
 * Neo4j match the major versions the local provider runs (Debian's PostgreSQL 15, Neo4j
 * 5.26 LTS), so both providers test against the same servers.
 */
export const DEFAULT_IMAGES: Readonly<Record<ServerKind, string>> = {
  postgres: 'postgres:15.14-alpine',
  redis: 'redis:7.4.6-alpine',
  neo4j: 'neo4j:5.26.30-community',
};

/** `IT_POSTGRES_IMAGE`, `IT_REDIS_IMAGE`, `IT_NEO4J_IMAGE` override the pins. */
export function imageFor(kind: ServerKind, env: Record<string, string | undefined> = process.env): string {
  return env[`IT_${kind.toUpperCase()}_IMAGE`]?.trim() || DEFAULT_IMAGES[kind];
}
