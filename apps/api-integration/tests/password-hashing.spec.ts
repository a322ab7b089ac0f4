import { problemOf } from '@realdeps/http-testing';
import { describe, expect, it } from 'vitest';
import { register } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';

// One hash at a time and nobody waiting: the smallest gate, so a burst is sure to meet it.
const api = await apiUnderTest({ config: { passwordHashConcurrency: 1, passwordHashQueue: 0, passwordHashCost: 13 } });

describe('password hashing is bounded (a login flood cannot fill the thread pool)', () => {
  it('answers 503 password-hashing-busy with Retry-After beyond the gate, and a login afterwards works', async () => {
    const user = await register(api.http);
    // Unknown emails are checked against a decoy hash: each of these costs a full scrypt.
    const flood = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.http.post('/auth/login').send({ email: `nobody-${i}@example.test`, password: 'not-the-password-1' }),
      ),
    );

    const statuses = flood.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThan(0);
    const busy = flood.filter((response) => response.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(problemOf(busy[0]!)).toMatchObject({
      status: 503,
      contentType: 'application/problem+json',
      type: '/problems/password-hashing-busy',
    });
    expect(Number(busy[0]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 401 || status === 503)).toBe(true);

    const login = await api.http.post('/auth/login').send({ email: user.email, password: user.password });
    expect(login.status).toBe(200);
  });

  it('bounds registration the same way: a burst of registrations gets 503s, never a half-made account', async () => {
    const burst = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.http.post('/auth/register').send({ email: `burst-${i}@example.test`, password: 'a-good-password-1' }),
      ),
    );

    const created = burst.filter((response) => response.status === 201).length;
    const busy = burst.filter((response) => response.status === 503).length;
    expect(created).toBeGreaterThan(0);
    expect(busy).toBeGreaterThan(0);
    expect(created + busy).toBe(burst.length);
    const { rows } = await api.pool.query<{ count: string }>(
      "select count(*) from users where email like 'burst-%@example.test'",
    );
    expect(Number(rows[0]!.count)).toBe(created);
  });
});
