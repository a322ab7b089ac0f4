/** The servers this library can provide. */
export type ServerKind = 'postgres' | 'redis' | 'neo4j';

export const SERVER_KINDS: readonly ServerKind[] = ['postgres', 'redis', 'neo4j'];

/** Where a server comes from; `auto` picks one of the other three. */
export type ProviderName = 'external' | 'testcontainers' | 'local';
export type ProviderSetting = ProviderName | 'auto';

/** What every started server hands back. Plain data plus `stop()`, so it crosses `provide()`. */
export interface ServerInfo {
  kind: ServerKind;
  provider: ProviderName;
  /** Connection URL with credentials, ready for the official client. */
  url: string;
  host: string;
  port: number;
}

export interface PostgresInfo extends ServerInfo {
  kind: 'postgres';
  user: string;
  password: string;
  /** The database the URL points at; tests create their own next to it. */
  database: string;
}

export interface RedisInfo extends ServerInfo {
  kind: 'redis';
}

export interface Neo4jInfo extends ServerInfo {
  kind: 'neo4j';
  user: string;
  password: string;
}

export interface ServerHandle<I extends ServerInfo = ServerInfo> {
  info: I;
  /** Stops the server and removes its files; a no-op for `external`. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * Stops the server but keeps its data, port and URL, so `start()` brings the same server
   * back: for fault tests ("the database went away mid-suite"). Not offered by `external`.
   */
  pause?(): Promise<void>;
  resume?(): Promise<void>;
}

export type PostgresHandle = ServerHandle<PostgresInfo>;
export type RedisHandle = ServerHandle<RedisInfo>;
export type Neo4jHandle = ServerHandle<Neo4jInfo>;

export interface ServerInfoByKind {
  postgres: PostgresInfo;
  redis: RedisInfo;
  neo4j: Neo4jInfo;
}
