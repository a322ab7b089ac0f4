import { containerRuntimeAnswers } from './container-runtime.js';
import { externalServer } from './external.js';
import type { LocalServerHandle, LocalServerOptions } from './local/local-server.js';
import { startLocalNeo4j } from './local/neo4j.js';
import { startLocalPostgres } from './local/postgres.js';
import { startLocalRedis } from './local/redis.js';
import { chooseProvider, urlVariable } from './provider-choice.js';
import { startReused } from './reuse.js';
import { startContainerNeo4j, startContainerPostgres, startContainerRedis } from './testcontainers.js';
import type { ProviderSetting, ServerHandle, ServerInfoByKind, ServerKind } from './types.js';

export interface StartOptions {
  /** Overrides IT_PROVIDER. */
  provider?: ProviderSetting;
  /** Keep a local server warm across runs; defaults to IT_REUSE=1. */
  reuse?: boolean;
  /** Where IT_* settings are read from; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Where the provider choice is reported; defaults to console.info. */
  log?: (message: string) => void;
}

type Starters = {
  [K in ServerKind]: {
    local(options: LocalServerOptions): Promise<LocalServerHandle<ServerInfoByKind[K]>>;
    testcontainers(): Promise<ServerHandle<ServerInfoByKind[K]>>;
  };
};

const STARTERS: Starters = {
  postgres: { local: startLocalPostgres, testcontainers: startContainerPostgres },
  redis: { local: startLocalRedis, testcontainers: startContainerRedis },
  neo4j: { local: startLocalNeo4j, testcontainers: startContainerNeo4j },
};

/** Starts (or finds) one server through the provider that IT_PROVIDER and the machine select. */
export async function startServer<K extends ServerKind>(
  kind: K,
  options: StartOptions = {},
): Promise<ServerHandle<ServerInfoByKind[K]>> {
  const env = { ...(options.env ?? process.env) };
  if (options.provider) env.IT_PROVIDER = options.provider;
  const log = options.log ?? ((message: string) => console.info(message));
  const needsProbe = (env.IT_PROVIDER ?? 'auto') === 'auto' && !env[urlVariable(kind)];
  const choice = chooseProvider(kind, env, needsProbe && (await containerRuntimeAnswers(env)));
  const reuse = options.reuse ?? env.IT_REUSE === '1';
  log(
    `[provisioning] ${kind}: ${choice.provider}${reuse && choice.provider === 'local' ? ' (reused)' : ''}, because ${choice.reason}`,
  );

  const starters = STARTERS[kind] as Starters[K];
  switch (choice.provider) {
    case 'external':
      return externalServer(kind, env[urlVariable(kind)] ?? '');
    case 'testcontainers':
      return starters.testcontainers();
    case 'local':
      return reuse ? startReused(kind, () => starters.local({ detached: true })) : starters.local({});
  }
}

/**
 * Starts every kind at once. If any cannot start, stops those that did and throws one error
 * under `heading` that lists every reason, so a person fixes them all in one go.
 */
export async function startServers(
  kinds: readonly ServerKind[],
  options: StartOptions,
  heading: string,
): Promise<ServerHandle[]> {
  const results = await Promise.allSettled(kinds.map((kind) => startServer(kind, options)));
  const handles = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length === 0) return handles;
  await Promise.allSettled(handles.map((handle) => handle.stop()));
  const messages = failures.map((failure) => (failure instanceof Error ? failure.message : String(failure)));
  throw new Error(`${heading}:\n- ${messages.join('\n- ')}`, { cause: failures[0] });
}

export const startPostgres = (options?: StartOptions) => startServer('postgres', options);
export const startRedis = (options?: StartOptions) => startServer('redis', options);
export const startNeo4j = (options?: StartOptions) => startServer('neo4j', options);
