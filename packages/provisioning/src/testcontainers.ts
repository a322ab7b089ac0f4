import type { StartedTestContainer } from 'testcontainers';
import { imageFor } from './images.js';
import { importOptionalPeer } from './optional-peer.js';
import { POSTGRES_TEST_SETTINGS } from './postgres-settings.js';
import type { Neo4jHandle, PostgresHandle, RedisHandle, ServerInfo } from './types.js';

const PACKAGE_JSON = new URL('../package.json', import.meta.url);

/** The testcontainers module for one server, installed by those who use this provider. */
function containerModule<M>(name: 'postgresql' | 'redis' | 'neo4j'): Promise<M> {
  return importOptionalPeer<M>(
    `@testcontainers/${name}`,
    `The testcontainers provider for ${name}`,
    PACKAGE_JSON,
    'set IT_PROVIDER=local to run it from binaries on this machine',
  );
}

function handle<I extends ServerInfo>(container: StartedTestContainer, info: I) {
  return {
    info,
    stop: async () => {
      await container.stop();
    },
  };
}

async function start<C>(what: string, image: string, starting: Promise<C>): Promise<C> {
  try {
    return await starting;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `testcontainers could not start ${what} from image ${image}: ${reason}. ` +
        `Check that a container runtime is running and the image can be pulled, or set IT_${what.toUpperCase()}_IMAGE ` +
        '(docker/build-local-images.sh builds images on a host without a registry), or use IT_PROVIDER=local.',
      { cause: error },
    );
  }
}

export async function startContainerPostgres(): Promise<PostgresHandle> {
  const { PostgreSqlContainer } = await containerModule<typeof import('@testcontainers/postgresql')>('postgresql');
  const image = imageFor('postgres');
  const container = await start(
    'postgres',
    image,
    new PostgreSqlContainer(image)
      // The same test tuning as the local provider; data lives in memory.
      .withCommand(['postgres', ...POSTGRES_TEST_SETTINGS.flatMap((setting) => ['-c', setting])])
      .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
      .start(),
  );
  return handle(container, {
    kind: 'postgres',
    provider: 'testcontainers',
    host: container.getHost(),
    port: container.getPort(),
    user: container.getUsername(),
    password: container.getPassword(),
    database: container.getDatabase(),
    url: container.getConnectionUri(),
  });
}

export async function startContainerRedis(): Promise<RedisHandle> {
  const { RedisContainer } = await containerModule<typeof import('@testcontainers/redis')>('redis');
  const image = imageFor('redis');
  const container = await start('redis', image, new RedisContainer(image).start());
  return handle(container, {
    kind: 'redis',
    provider: 'testcontainers',
    host: container.getHost(),
    port: container.getPort(),
    url: container.getConnectionUrl(),
  });
}

export async function startContainerNeo4j(): Promise<Neo4jHandle> {
  const { Neo4jContainer } = await containerModule<typeof import('@testcontainers/neo4j')>('neo4j');
  const image = imageFor('neo4j');
  const container = await start(
    'neo4j',
    image,
    new Neo4jContainer(image)
      .withEnvironment({ NEO4J_server_memory_pagecache_size: '32m', NEO4J_server_memory_heap_max__size: '512m' })
      .start(),
  );
  const url = container.getBoltUri();
  return handle(container, {
    kind: 'neo4j',
    provider: 'testcontainers',
    host: container.getHost(),
    port: Number(new URL(url).port),
    user: container.getUsername(),
    password: container.getPassword(),
    url,
  });
}
