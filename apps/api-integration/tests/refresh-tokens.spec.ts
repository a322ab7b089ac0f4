import { schema } from '@repo/api';
import { problemOf } from '@repo/http-testing';
import { eq } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearer, signedInUser, type TokenPair } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';

const api = await apiUnderTest();
const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const refresh = (refreshToken: string) => api.http.post('/auth/refresh').send({ refreshToken });
const sessionOf = (tokens: TokenPair) =>
  (JSON.parse(Buffer.from(tokens.accessToken.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;

async function tokenRow(token: string) {
  const [row] = await api.db
    .select()
    .from(schema.refreshTokens)
    .where(eq(schema.refreshTokens.tokenHash, hash(token)));
  return row;
}

describe('POST /auth/refresh', () => {
  it('rotates: returns a new pair in the same family and marks the old refresh token used', async () => {
    const { tokens } = await signedInUser(api.http);

    const response = await refresh(tokens.refreshToken);

    expect(response.status).toBe(200);
    expect(response.body.refreshToken).not.toBe(tokens.refreshToken);
    const [old, fresh] = [await tokenRow(tokens.refreshToken), await tokenRow(response.body.refreshToken)];
    expect(old?.usedAt).toBeInstanceOf(Date);
    expect(fresh).toMatchObject({ familyId: old?.familyId, sessionId: old?.sessionId, usedAt: null, revokedAt: null });
    expect((await api.http.get('/me').set(bearer(response.body))).status).toBe(200);
  });

  it('detects reuse of a rotated token: revokes the whole family and ends the session', async () => {
    const { tokens } = await signedInUser(api.http);
    const rotated = (await refresh(tokens.refreshToken)).body as TokenPair;

    const replay = await refresh(tokens.refreshToken);

    expect(problemOf(replay)).toMatchObject({ status: 401, type: '/problems/refresh-token-reused' });
    const family = await api.db
      .select()
      .from(schema.refreshTokens)
      .where(eq(schema.refreshTokens.familyId, (await tokenRow(rotated.refreshToken))!.familyId));
    expect(family.map((row) => row.revokedAt)).toEqual([expect.any(Date), expect.any(Date)]);
    expect(await api.redis.client.exists(`session:${sessionOf(rotated)}`)).toBe(0);
    expect(problemOf(await refresh(rotated.refreshToken))).toMatchObject({
      status: 401,
      type: '/problems/invalid-refresh-token',
    });
    expect(problemOf(await api.http.get('/me').set(bearer(rotated)))).toMatchObject({
      status: 401,
      type: '/problems/session-ended',
    });
    expect(
      api.logs
        .forRequest(String(replay.headers['x-request-id']))
        .some((line) => line.msg === 'refresh token reuse: family revoked'),
    ).toBe(true);
  });

  it('lets exactly one of two concurrent refreshes with the same token succeed', async () => {
    const { tokens } = await signedInUser(api.http);

    const responses = await Promise.all([refresh(tokens.refreshToken), refresh(tokens.refreshToken)]);

    expect(responses.map((response) => response.status).sort()).toEqual([200, 401]);
  });

  it('refuses an unknown refresh token with 401', async () => {
    expect(problemOf(await refresh('never-issued'))).toMatchObject({
      status: 401,
      type: '/problems/invalid-refresh-token',
    });
  });

  it('refuses an expired refresh token with 401', async () => {
    const { tokens } = await signedInUser(api.http);
    await api.db
      .update(schema.refreshTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.refreshTokens.tokenHash, hash(tokens.refreshToken)));

    expect(problemOf(await refresh(tokens.refreshToken))).toMatchObject({
      status: 401,
      type: '/problems/invalid-refresh-token',
    });
  });
});
