import { createRedisNamespace } from '@realdeps/isolation';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';

const url = inject('servers').redis!.url;
const raw = new Redis(url);
afterAll(() => raw.quit());

describe('createRedisNamespace', () => {
  it('prefixes every key its client writes, and lists them without the prefix', async () => {
    const namespace = await createRedisNamespace(url);

    await namespace.client.set('greeting', 'hello');
    await namespace.client.hset('profile', 'name', 'Ada');

    expect(namespace.prefix).toMatch(/^it:[a-z0-9]+:$/);
    expect(await raw.get(`${namespace.prefix}greeting`)).toBe('hello');
    expect((await namespace.keys()).sort()).toEqual(['greeting', 'profile']);
    await namespace.cleanup();
  });

  it("does not see or delete another namespace's keys with the same names", async () => {
    const mine = await createRedisNamespace(url);
    const theirs = await createRedisNamespace(url);
    await mine.client.set('shared-name', 'mine');
    await theirs.client.set('shared-name', 'theirs');

    await mine.cleanup();

    expect(mine.prefix).not.toBe(theirs.prefix);
    expect(await raw.exists(`${mine.prefix}shared-name`)).toBe(0);
    expect(await theirs.client.get('shared-name')).toBe('theirs');
    expect(await theirs.keys()).toEqual(['shared-name']);
    await theirs.cleanup();
  });

  it('cleans up more keys than one SCAN page holds, and closes its client', async () => {
    const namespace = await createRedisNamespace(url);
    const many = Array.from({ length: 1200 }, (_, index) => `key-${index}`);
    await namespace.client.mset(Object.fromEntries(many.map((key) => [key, '1'])));

    expect((await namespace.keys()).length).toBe(1200);
    await namespace.cleanup();

    expect(await raw.keys(`${namespace.prefix}*`)).toEqual([]);
    await expect(namespace.client.get('key-0')).rejects.toThrow('Connection is closed');
  });

  it('closes the connection it scans with, each time', async () => {
    const namespace = await createRedisNamespace(url);
    const clients = async () =>
      String(await raw.client('LIST'))
        .trim()
        .split('\n').length;
    const before = await clients();

    for (let round = 0; round < 5; round += 1) await namespace.keys();
    // A connection closed by the client may take a moment to leave the server's list.
    let after = await clients();
    for (let waited = 0; after > before && waited < 2000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await clients();
    }

    expect(after).toBe(before);
    await namespace.cleanup();
  });

  it('cleans up an empty namespace', async () => {
    const namespace = await createRedisNamespace(url);

    await namespace.cleanup();

    await expect(namespace.client.get('key-0')).rejects.toThrow('Connection is closed');
  });
});
