import { describe, expect, it } from 'vitest';
import { externalServer } from './external.js';
import { sharedServersEnv } from './shared-run.js';
import type { Neo4jInfo, PostgresInfo, ServerHandle } from './types.js';

const stop = async () => undefined;
const neo4j: ServerHandle<Neo4jInfo> = {
  info: {
    kind: 'neo4j',
    provider: 'testcontainers',
    host: '127.0.0.1',
    port: 32768,
    url: 'bolt://127.0.0.1:32768',
    user: 'neo4j',
    password: 's3cret/+',
  },
  stop,
};
const postgres: ServerHandle<PostgresInfo> = {
  info: {
    kind: 'postgres',
    provider: 'local',
    host: '127.0.0.1',
    port: 40000,
    url: 'postgres://postgres@127.0.0.1:40000/postgres',
    user: 'postgres',
    password: '',
    database: 'postgres',
  },
  stop,
};

describe('sharedServersEnv', () => {
  it('hands each server to the suites as an external one that reads back the same connection details', () => {
    const env = sharedServersEnv([neo4j, postgres], { IT_PROVIDER: 'testcontainers', PATH: '/bin' });

    expect(env).toMatchObject({
      IT_PROVIDER: 'external',
      PATH: '/bin',
      IT_SERVERS_SHARED_BY: 'neo4j (testcontainers), postgres (local)',
    });
    // A container's Neo4j has a password, which its URL must carry for the suites to log in.
    expect(externalServer('neo4j', env.IT_NEO4J_URL ?? '').info).toMatchObject({
      url: 'bolt://127.0.0.1:32768',
      user: 'neo4j',
      password: 's3cret/+',
    });
    expect(externalServer('postgres', env.IT_POSTGRES_URL ?? '').info).toMatchObject({
      port: 40000,
      database: 'postgres',
    });
  });
});
