import { problemOf } from '@realdeps/http-testing';
import { schema } from '@repo/api';
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
    // Replayed a minute after its rotation: past the grace window, so theft, not a race.
    await api.pool.query("UPDATE refresh_tokens SET used_at = now() - interval '1 minute' WHERE token_hash = $1", [
      hash(tokens.refreshToken),
    ]);

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

  it('lets exactly one of two concurrent refreshes succeed, and the race logs nobody out', async () => {
    const { tokens } = await signedInUser(api.http);

    const responses = await Promise.all([refresh(tokens.refreshToken), refresh(tokens.refreshToken)]);

    const winner = responses.find((response) => response.status === 200)!;
    const loser = responses.find((response) => response.status !== 200)!;
    expect(problemOf(loser)).toMatchObject({ status: 401, type: '/problems/refresh-token-raced' });
    // The pair the winner got still works: the family was not revoked, the session not ended.
    expect((await api.http.get('/me').set(bearer(winner.body))).status).toBe(200);
    expect((await refresh(winner.body.refreshToken)).status).toBe(200);
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
