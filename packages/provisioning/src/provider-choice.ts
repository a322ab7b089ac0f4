import type { ProviderName, ProviderSetting, ServerKind } from './types.js';

export interface ProviderChoice {
  provider: ProviderName;
  /** One sentence a person reads in the log: why this provider. */
  reason: string;
}

/** Set by `realdeps-servers run` for its command: the servers it shares, for the reason in the log. */
export const SHARED_BY_VARIABLE = 'IT_SERVERS_SHARED_BY';

const SETTINGS: readonly ProviderSetting[] = ['auto', 'external', 'testcontainers', 'local'];

/** The environment variable that points a server kind at an external server. */
export function urlVariable(kind: ServerKind): string {
  return `IT_${kind.toUpperCase()}_URL`;
}

export function parseProviderSetting(value: string | undefined): ProviderSetting {
  const setting = (value ?? '').trim() || 'auto';
  if (!(SETTINGS as readonly string[]).includes(setting)) {
    throw new Error(`IT_PROVIDER must be one of ${SETTINGS.join(', ')}; got "${setting}".`);
  }
  return setting as ProviderSetting;
}

/**
 * Decides where a server comes from. Pure: the caller says whether a container runtime
 * answered, so the rules are unit-tested without one.
 */
export function chooseProvider(
  kind: ServerKind,
  env: Record<string, string | undefined>,
  containerRuntimeAnswers: boolean,
): ProviderChoice {
  const setting = parseProviderSetting(env.IT_PROVIDER);
  const variable = urlVariable(kind);
  const externalUrl = env[variable]?.trim();

  switch (setting) {
    case 'external':
      if (!externalUrl) {
        throw new Error(`IT_PROVIDER=external but ${variable} is not set: set it to the ${kind} server's URL.`);
      }
      return {
        provider: 'external',
        reason: env[SHARED_BY_VARIABLE]
          ? `realdeps-servers run shares its servers with every suite: ${env[SHARED_BY_VARIABLE]}`
          : `IT_PROVIDER=external and ${variable} is set`,
      };
    case 'testcontainers':
      return { provider: 'testcontainers', reason: 'IT_PROVIDER=testcontainers' };
    case 'local':
      return { provider: 'local', reason: 'IT_PROVIDER=local' };
    case 'auto':
      if (externalUrl) return { provider: 'external', reason: `${variable} is set` };
      if (containerRuntimeAnswers) {
        return { provider: 'testcontainers', reason: `${variable} is not set and a container runtime answered` };
      }
      return {
        provider: 'local',
        reason: `${variable} is not set and no container runtime answered, so binaries on this machine are used`,
      };
  }
}
