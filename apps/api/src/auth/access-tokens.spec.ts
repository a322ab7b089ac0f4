import { ProblemError } from '@repo/service-kit';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signAccessToken, verifyAccessToken } from './access-tokens.js';

const secret = 'a-test-secret-that-is-long-enough-123';
const claims = { sub: 'user-1', sid: 'session-1' };

async function rejection(token: string, key = secret): Promise<{ status: number; type: string }> {
  const error = await verifyAccessToken(token, key).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProblemError);
  return { status: (error as ProblemError).status, type: (error as ProblemError).type };
}

describe('access tokens', () => {
  it('round-trips the user and session', async () => {
    expect(await verifyAccessToken(await signAccessToken(claims, secret, 60), secret)).toEqual(claims);
  });

  it('refuses an expired token as token-expired', async () => {
    const token = await new SignJWT({ sid: 's' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setIssuer('api')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(secret));
    expect(await rejection(token)).toEqual({ status: 401, type: '/problems/token-expired' });
  });

  it('refuses a token signed with another key', async () => {
    const token = await signAccessToken(claims, 'another-secret-that-is-long-enough-456', 60);
    expect(await rejection(token)).toEqual({ status: 401, type: '/problems/invalid-token' });
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await signAccessToken(claims, secret, 60)).split('.');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'admin', sid: 'session-1', iss: 'api', exp: 9_999_999_999 }),
    ).toString('base64url');
    expect(await rejection(`${header}.${payload}.${signature}`)).toEqual({
      status: 401,
      type: '/problems/invalid-token',
    });
  });

  it('refuses alg: none', async () => {
    const token = new UnsecuredJWT({ sid: 'session-1' })
      .setSubject('user-1')
      .setIssuer('api')
      .setExpirationTime('1h')
      .encode();
    expect(await rejection(token)).toEqual({ status: 401, type: '/problems/invalid-token' });
  });

  it('refuses another algorithm even with the right key (HS512)', async () => {
    const token = await new SignJWT({ sid: 's' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u')
      .setIssuer('api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    expect(await rejection(token)).toEqual({ status: 401, type: '/problems/invalid-token' });
  });
});
