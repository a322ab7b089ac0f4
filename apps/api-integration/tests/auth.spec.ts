import { problemOf } from '@realdeps/http-testing';
import { schema } from '@repo/api';
import { userFactory } from '@repo/factories';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bearer, logIn, register, signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';

const api = await apiUnderTest();

describe('POST /auth/register', () => {
  it('creates the account, stores only a scrypt hash of the password, and returns no secret', async () => {
    const user = userFactory.build({ email: 'Mixed.Case@Example.test' });

    const response = await api.http.post('/auth/register').send(user);

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      email: 'mixed.case@example.test',
      role: 'user',
      createdAt: expect.any(String),
    });
    const [row] = await api.db.select().from(schema.users).where(eq(schema.users.id, response.body.id));
    expect(row?.passwordHash).toMatch(/^scrypt\$10\$/);
    expect(row?.passwordHash).not.toContain(user.password);
  });

  it('rejects a second account with the same email, in any case, with 409 and writes nothing', async () => {
    const first = await register(api.http);

    const response = await api.http
      .post('/auth/register')
      .send({ email: first.email.toUpperCase(), password: 'another-password-1' });

    expect(problemOf(response)).toMatchObject({
      status: 409,
      contentType: 'application/problem+json',
      type: '/problems/conflict',
    });
    const rows = await api.db.select().from(schema.users).where(eq(schema.users.email, first.email));
    expect(rows).toHaveLength(1);
  });

  it('rejects a weak password with 400 naming the field and writes nothing', async () => {
    const user = userFactory.build({ password: 'short' });

    const response = await api.http.post('/auth/register').send(user);

    expect(problemOf(response)).toMatchObject({
      status: 400,
      type: '/problems/validation',
      detail: 'body.password must be at least 10 characters long',
    });
    expect(response.body.errors).toEqual([
      { in: 'body', field: 'password', message: 'must be at least 10 characters long' },
    ]);
    expect(await api.db.select().from(schema.users).where(eq(schema.users.email, user.email.toLowerCase()))).toEqual(
      [],
    );
  });

  it('rejects a malformed email with 400 naming the field', async () => {
    const response = await api.http.post('/auth/register').send({ email: 'not-an-email', password: 'long-enough-1' });

    expect(problemOf(response)).toMatchObject({ status: 400, detail: 'body.email must match format "email"' });
  });
});

describe('POST /auth/login', () => {
  it('returns an access token and a refresh token, and opens a session in Redis with a TTL', async () => {
    const user = await register(api.http);

    const response = await api.http.post('/auth/login').send({ email: user.email, password: user.password });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    const sessionId = JSON.parse(Buffer.from(response.body.accessToken.split('.')[1], 'base64url').toString())
      .sid as string;
    expect(await api.redis.client.get(`session:${sessionId}`)).toBe(user.id);
    expect(await api.redis.client.ttl(`session:${sessionId}`)).toBeGreaterThan(api.config.sessionTtlSeconds - 60);
  });

  it('refuses a wrong password with 401 and the same answer as for an unknown email', async () => {
    const user = await register(api.http);

    const wrongPassword = await api.http.post('/auth/login').send({ email: user.email, password: 'wrong-password-1' });
    const unknownEmail = await api.http
      .post('/auth/login')
      .send({ email: 'nobody@example.test', password: 'wrong-password-1' });

    expect(problemOf(wrongPassword)).toEqual(problemOf(unknownEmail));
    expect(problemOf(wrongPassword)).toMatchObject({ status: 401, type: '/problems/invalid-credentials' });
  });
});

describe('GET /me', () => {
  it('returns the user of the access token', async () => {
    const { user, auth } = await signedInUser(api.http);

    const response = await api.http.get('/me').set(auth);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: user.id, email: user.email.toLowerCase() });
  });

  it('refuses a request without a token with 401 and a WWW-Authenticate challenge', async () => {
    const response = await api.http.get('/me');

    expect(problemOf(response)).toMatchObject({ status: 401, type: '/problems/missing-token' });
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('POST /auth/logout', () => {
  it('ends the session, so its access token stops working at once', async () => {
    const { tokens, auth } = await signedInUser(api.http);

    const logout = await api.http.post('/auth/logout').set(auth);
    const after = await api.http.get('/me').set(auth);

    expect(logout.status).toBe(204);
    expect(problemOf(after)).toMatchObject({ status: 401, type: '/problems/session-ended' });
    const refresh = await api.http.post('/auth/refresh').send({ refreshToken: tokens.refreshToken });
    expect(problemOf(refresh)).toMatchObject({ status: 401, type: '/problems/invalid-refresh-token' });
  });

  it('ends only that session: the same user logged in elsewhere stays logged in', async () => {
    const user = await register(api.http);
    const laptop = await logIn(api.http, user);
    const phone = await logIn(api.http, user);

    await api.http.post('/auth/logout').set(bearer(laptop));

    expect((await api.http.get('/me').set(bearer(phone))).status).toBe(200);
  });
});
