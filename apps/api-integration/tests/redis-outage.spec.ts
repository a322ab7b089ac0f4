import { startTcpFaultProxy } from '@realdeps/faults';
import { problemOf } from '@realdeps/http-testing';
import { waitFor } from '@realdeps/provisioning';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { createNote } from '../support/notes.js';

// Redis reached through a proxy that can cut the connection: "Redis went away" for this
// file only, whatever provider runs the real server.
const redis = inject('servers').redis!;
const proxy = await startTcpFaultProxy({ host: redis.host, port: redis.port });
afterAll(() => proxy.stop());
const api = await apiUnderTest({ redisUrl: proxy.proxiedUrl(redis.url), config: { redis: { commandTimeoutMs: 300 } } });

describe('when Redis goes away mid-suite', () => {
  it('serves notes from PostgreSQL (degraded, logged), fails auth closed with 503, and recovers when Redis returns', async () => {
    const { user, auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);

    proxy.cut();
    // Sessions cannot be checked: every protected route answers 503, quickly.
    const me = await api.http.get('/me').set(auth);
    const login = await api.http.post('/auth/login').send({ email: user.email, password: user.password });
    // Not a password oracle while the login limit cannot count: a wrong password is a 503 too.
    const guess = await api.http.post('/auth/login').send({ email: user.email, password: `${user.password}-wrong` });
    const ready = await api.http.get('/health/ready');
    proxy.restore();

    expect(problemOf(me)).toMatchObject({ status: 503, type: '/problems/dependency-unavailable' });
    expect(me.body.dependency).toBe('redis');
    expect(me.headers['retry-after']).toBe('2');
    expect(problemOf(login)).toMatchObject({ status: 503 });
    expect(problemOf(guess)).toMatchObject({ status: 503, type: '/problems/dependency-unavailable' });
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      type: '/problems/not-ready',
      detail: 'Not ready: redis does not answer.',
      checks: { postgres: 'up', redis: 'down' },
    });

    const back = await waitFor(
      'the api to reconnect to Redis',
      10_000,
      async () => {
        const response = await api.http.get(`/notes/${note.id}`).set(auth);
        return response.status === 200 ? response : undefined;
      },
      100,
    );
    expect(back.body).toMatchObject({ id: note.id });
    expect((await api.http.get('/health/ready')).status).toBe(200);
  });
});

describe('when only the cache Redis goes away', async () => {
  const cacheProxy = await startTcpFaultProxy({ host: redis.host, port: redis.port });
  afterAll(() => cacheProxy.stop());
  const withCache = await apiUnderTest({
    cacheRedisUrl: cacheProxy.proxiedUrl(redis.url),
    config: { redis: { commandTimeoutMs: 300 } },
  });

  it('serves notes from PostgreSQL, logs the degradation, stays ready, and caches again afterwards', async () => {
    const { auth } = await signedInUser(withCache.http);
    const note = await createNote(withCache.http, auth);

    cacheProxy.cut();
    const degraded = await withCache.http.get(`/notes/${note.id}`).set(auth);
    const ready = await withCache.http.get('/health/ready');
    cacheProxy.restore();

    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({ id: note.id, title: note.title });
    expect(degraded.headers['x-cache']).toBe('miss');
    expect(withCache.logs.forRequest(String(degraded.headers['x-request-id']))).toContainEqual(
      expect.objectContaining({ msg: 'note cache unavailable: serving from PostgreSQL', operation: 'get' }),
    );
    expect(ready.status).toBe(200);
    await waitFor(
      'the note cache to work again',
      10_000,
      async () => {
        await withCache.http.get(`/notes/${note.id}`).set(auth);
        const again = await withCache.http.get(`/notes/${note.id}`).set(auth);
        return again.headers['x-cache'] === 'hit' ? true : undefined;
      },
      100,
    );
  });
});
