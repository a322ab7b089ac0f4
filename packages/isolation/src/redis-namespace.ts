import { importOptionalPeer } from '@realdeps/provisioning';
import type { Redis } from 'ioredis';

const PACKAGE_JSON = new URL('../package.json', import.meta.url);

export interface RedisNamespace {
  /** Every key this test writes starts with it, e.g. `it:k3j9x2:`. */
  prefix: string;
  /** A client that adds the prefix to every key (ioredis `keyPrefix`). */
  client: Redis;
  /** Keys under the prefix, without it: what this test wrote. */
  keys(): Promise<string[]>;
  /** Deletes the namespace's keys and closes the client. */
  cleanup(): Promise<void>;
}

/**
 * A key prefix of its own for one test file, so files share one Redis server without
 * seeing each other's keys. (Logical databases are the other way, but there are only 16.)
 */
export async function createRedisNamespace(url: string): Promise<RedisNamespace> {
  const { Redis } = await importOptionalPeer<typeof import('ioredis')>('ioredis', 'A Redis namespace', PACKAGE_JSON);
  const prefix = `it:${Math.random().toString(36).slice(2, 10)}:`;
  const client = new Redis(url, { keyPrefix: prefix, lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  // SCAN patterns are not prefixed by ioredis, so scanning uses a plain connection.
  const scan = async (): Promise<string[]> => {
    const raw = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await raw.connect();
    try {
      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        found.push(...keys);
        cursor = next;
      } while (cursor !== '0');
      return found;
    } finally {
      raw.disconnect();
    }
  };
  return {
    prefix,
    client,
    keys: async () => (await scan()).map((key) => key.slice(prefix.length)),
    cleanup: async () => {
      const keys = await scan();
      // Keys come back with the prefix; the prefixed client would add it again.
      if (keys.length > 0) await client.unlink(...keys.map((key) => key.slice(prefix.length)));
      client.disconnect();
    },
  };
}
