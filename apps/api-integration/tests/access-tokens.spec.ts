import { problemOf } from '@realdeps/http-testing';
import { schema } from '@repo/api';
import { eq } from 'drizzle-orm';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest, TEST_JWT_SECRET } from '../support/api-under-test.js';

const api = await apiUnderTest();
const key = new TextEncoder().encode(TEST_JWT_SECRET);
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; sid: string };

describe('an access token presented to a protected route', () => {
  it('is refused when expired, even though its session is alive', async () => {
    const { tokens } = await signedInUser(api.http);
    const { sub, sid } = claimsOf(tokens.accessToken);
    const expired = await new SignJWT({ sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuer('api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);

    const response = await api.http.get('/me').set({ authorization: `Bearer ${expired}` });

    expect(problemOf(response)).toMatchObject({ status: 401, type: '/problems/token-expired' });
  });

  it('is refused when its payload was changed to another user', async () => {
    const victim = await signedInUser(api.http);
    const attacker = await signedInUser(api.http);
    const [header, payload, signature] = attacker.tokens.accessToken.split('.');
    const forged = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: victim.user.id };

    const response = await api.http.get('/me').set({
      authorization: `Bearer ${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`,
    });

    expect(problemOf(response)).toMatchObject({ status: 401, type: '/problems/invalid-token' });
  });

  it('is refused with alg: none', async () => {
    const { tokens } = await signedInUser(api.http);
    const { sub, sid } = claimsOf(tokens.accessToken);
    const unsigned = new UnsecuredJWT({ sid }).setSubject(sub).setIssuer('api').setExpirationTime('1h').encode();

    const response = await api.http.get('/me').set({ authorization: `Bearer ${unsigned}` });

    expect(problemOf(response)).toMatchObject({ status: 401, type: '/problems/invalid-token' });
  });

  it('is refused when signed with another algorithm (HS384) and the right key', async () => {
    const { tokens } = await signedInUser(api.http);
    const { sub, sid } = claimsOf(tokens.accessToken);
    const otherAlg = await new SignJWT({ sid })
      .setProtectedHeader({ alg: 'HS384' })
      .setSubject(sub)
      .setIssuer('api')
      .setExpirationTime('1h')
      .sign(key);

    const response = await api.http.get('/me').set({ authorization: `Bearer ${otherAlg}` });

    expect(problemOf(response)).toMatchObject({ status: 401, type: '/problems/invalid-token' });
  });

  it('is refused when it is not a JWT at all', async () => {
    const response = await api.http.get('/me').set({ authorization: 'Bearer not.a.jwt' });

    expect(problemOf(response)).toMatchObject({ status: 401, type: '/problems/invalid-token' });
  });

  it('is refused once its user is deleted, though the session was still open', async () => {
    const { user, auth } = await signedInUser(api.http);
    await api.db.delete(schema.users).where(eq(schema.users.id, user.id));

    const response = await api.http.get('/me').set(auth);

    expect(problemOf(response)).toMatchObject({ status: 401, type: '/problems/session-ended' });
  });
});
