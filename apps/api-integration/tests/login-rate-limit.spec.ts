import { problemOf } from '@realdeps/http-testing';
import { describe, expect, it } from 'vitest';
import { register } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';

const api = await apiUnderTest({
  config: {
    rateLimit: { loginMax: 3, loginAccountMax: 8, loginWindowSeconds: 60, max: 40, windowSeconds: 60, registerMax: 5 },
  },
});

describe('rate limits (counted in Redis, shared by every api instance)', () => {
  it('stops password guessing on one account after the login limit with 429 and Retry-After', async () => {
    const victim = await register(api.http);
    const attempt = () => api.http.post('/auth/login').send({ email: victim.email, password: 'guess-number-1' });

    const allowed = [await attempt(), await attempt(), await attempt()];
    const blocked = await attempt();

    expect(allowed.map((response) => response.status)).toEqual([401, 401, 401]);
    expect(problemOf(blocked)).toMatchObject({
      status: 429,
      contentType: 'application/problem+json',
      type: '/problems/rate-limited',
    });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The right password does not get through either while the limit holds.
    expect((await api.http.post('/auth/login').send({ email: victim.email, password: victim.password })).status).toBe(
      429,
    );
    expect((await api.redis.keys()).some((key) => key.startsWith('rate-limit:'))).toBe(true);
  });

  it('caps one account across addresses: spreading guesses over many addresses gets no more than the ceiling', async () => {
    const victim = await register(api.http);
    const statuses: number[] = [];
    // Two guesses from each of six addresses: under the per-address limit (3) every time.
    for (let address = 1; address <= 6; address++)
      for (let guess = 0; guess < 2; guess++)
        statuses.push(
          (
            await api.app.inject({
              method: 'POST',
              url: '/auth/login',
              remoteAddress: `10.0.0.${address}`,
              payload: { email: victim.email, password: `guess-${address}-${guess}` },
            })
          ).statusCode,
        );

    expect(statuses.filter((status) => status === 401)).toHaveLength(8);
    expect(statuses.slice(8)).toEqual([429, 429, 429, 429]);
  });

  it('counts per account: another account can still log in', async () => {
    const other = await register(api.http);

    expect((await api.http.post('/auth/login').send({ email: other.email, password: other.password })).status).toBe(
      200,
    );
  });

  it('limits registrations per address (409 tells whether an email is taken, so asking is limited)', async () => {
    const registerFrom = (address: string, i: number) =>
      api.app.inject({
        method: 'POST',
        url: '/auth/register',
        remoteAddress: address,
        payload: { email: `signup-${address}-${i}@example.test`, password: 'a-good-password-1' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await registerFrom('10.1.0.1', i)).statusCode);
    const limited = await registerFrom('10.1.0.1', 6);

    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await registerFrom('10.1.0.2', 0)).statusCode).toBe(201);
  });

  it('limits every route per client address beyond the global maximum', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await api.http.get('/health/live')).status);

    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.indexOf(429)).toBeLessThanOrEqual(40);
  });
});
