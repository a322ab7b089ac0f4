import { describe, expect, it } from 'vitest';
import { configFromEnv, parseConfig } from './config.js';

const environment = {
  DATABASE_URL: 'postgres://db/docs',
  STORAGE_DIR: '/var/lib/docs',
  DOCS_TOKEN_SECRET: 's'.repeat(32),
};

describe('docs configuration', () => {
  it('reads and converts the environment, Claude settings included', () => {
    const config = configFromEnv({
      ...environment,
      HOST: '0.0.0.0',
      PORT: '8081',
      LOG_LEVEL: 'warn',
      ANTHROPIC_BASE_URL: 'http://claude.test',
      ANTHROPIC_API_KEY: 'key',
      CLAUDE_MODEL: 'claude-test',
    });

    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8081,
      logLevel: 'warn',
      databaseUrl: 'postgres://db/docs',
      storageDir: '/var/lib/docs',
      tokenSecret: 's'.repeat(32),
      claude: { baseUrl: 'http://claude.test', apiKey: 'key', model: 'claude-test' },
    });
  });

  it('leaves unset variables to the defaults', () => {
    const config = configFromEnv(environment);

    expect(config.claude.model).toBe('claude-sonnet-4-5');
    expect(config.claude.baseUrl).toBeUndefined();
    expect(config).toEqual(
      parseConfig({ databaseUrl: 'postgres://db/docs', storageDir: '/var/lib/docs', tokenSecret: 's'.repeat(32) }),
    );
  });

  it('names the service and the setting when one is wrong', () => {
    expect(() => configFromEnv({ ...environment, DOCS_TOKEN_SECRET: 'short' })).toThrow(/docs.*tokenSecret/s);
  });
});
