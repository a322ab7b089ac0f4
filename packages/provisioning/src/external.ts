import { urlVariable } from './provider-choice.js';
import type { Neo4jInfo, PostgresInfo, RedisInfo, ServerHandle, ServerInfoByKind, ServerKind } from './types.js';

const DEFAULT_PORTS: Record<ServerKind, number> = { postgres: 5432, redis: 6379, neo4j: 7687 };

/**
 * Describes a server someone else runs, from its URL (`IT_POSTGRES_URL` etc.). `stop()` does
 * nothing: we did not start it, so we do not stop it.
 */
export function externalServer<K extends ServerKind>(kind: K, rawUrl: string): ServerHandle<ServerInfoByKind[K]> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new Error(`${urlVariable(kind)} is not a valid URL: "${rawUrl}".`);
  }
  const base = {
    provider: 'external' as const,
    host: url.hostname,
    port: Number(url.port || DEFAULT_PORTS[kind]),
    url: rawUrl,
  };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const infos: { [Kind in ServerKind]: () => ServerInfoByKind[Kind] } = {
    postgres: (): PostgresInfo => ({
      ...base,
      kind: 'postgres',
      user: user || 'postgres',
      password,
      database: url.pathname.replace(/^\//, '') || 'postgres',
    }),
    redis: (): RedisInfo => ({ ...base, kind: 'redis' }),
    // The driver takes credentials apart from the URL, so they are moved out of it.
    neo4j: (): Neo4jInfo => ({
      ...base,
      kind: 'neo4j',
      url: `${url.protocol}//${url.host}`,
      user: user || 'neo4j',
      password,
    }),
  };
  return { info: infos[kind](), stop: async () => undefined };
}
