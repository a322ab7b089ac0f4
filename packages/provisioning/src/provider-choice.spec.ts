import { describe, expect, it } from 'vitest';
import { chooseProvider, parseProviderSetting } from './provider-choice.js';

describe('chooseProvider', () => {
  it('uses the external server when its URL is set and IT_PROVIDER is unset', () => {
    expect(chooseProvider('redis', { IT_REDIS_URL: 'redis://10.0.0.1:6379' }, true)).toEqual({
      provider: 'external',
      reason: 'IT_REDIS_URL is set',
    });
  });

  it('names realdeps-servers run as the reason when the run shares its servers', () => {
    const env = { IT_PROVIDER: 'external', IT_REDIS_URL: 'redis://x', IT_SERVERS_SHARED_BY: 'redis (local)' };

    expect(chooseProvider('redis', env, false)).toEqual({
      provider: 'external',
      reason: 'realdeps-servers run shares its servers with every suite: redis (local)',
    });
  });

  it('prefers a container runtime to local binaries in auto mode', () => {
    expect(chooseProvider('postgres', {}, true).provider).toBe('testcontainers');
  });

  it('falls back to local binaries when nothing else is there, and says why', () => {
    expect(chooseProvider('neo4j', { IT_PROVIDER: 'auto' }, false)).toEqual({
      provider: 'local',
      reason: 'IT_NEO4J_URL is not set and no container runtime answered, so binaries on this machine are used',
    });
  });

  it('obeys an explicit provider even when a URL is set', () => {
    expect(chooseProvider('postgres', { IT_PROVIDER: 'local', IT_POSTGRES_URL: 'postgres://x' }, true).provider).toBe(
      'local',
    );
  });

  it('rejects IT_PROVIDER=external without the URL, naming the variable to set', () => {
    expect(() => chooseProvider('neo4j', { IT_PROVIDER: 'external' }, false)).toThrow(
      'IT_PROVIDER=external but IT_NEO4J_URL is not set',
    );
  });
});

describe('parseProviderSetting', () => {
  it('treats an empty value as auto', () => {
    expect(parseProviderSetting('  ')).toBe('auto');
  });

  it('rejects an unknown provider, listing the valid ones', () => {
    expect(() => parseProviderSetting('docker')).toThrow(
      'IT_PROVIDER must be one of auto, external, testcontainers, local; got "docker".',
    );
  });
});
