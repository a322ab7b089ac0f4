import { unauthorized } from '@repo/service-kit';
import { errors, jwtVerify, SignJWT } from 'jose';

export interface AccessClaims {
  /** The user id. */
  sub: string;
  /** The session id: the token is good only while this session exists in Redis. */
  sid: string;
}

const ALGORITHM = 'HS256';
const ISSUER = 'api';

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signAccessToken(claims: AccessClaims, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ sid: claims.sid })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));
}

/**
 * Verifies signature, algorithm (HS256 only: `alg: none` and every other algorithm are
 * refused), issuer and expiry. Throws a 401 problem that says which of those failed.
 */
export async function verifyAccessToken(token: string, secret: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: [ALGORITHM], issuer: ISSUER });
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
      throw unauthorized('The access token lacks its subject or session.', 'invalid-token');
    }
    return { sub: payload.sub, sid: payload.sid };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw unauthorized('The access token has expired.', 'token-expired');
    if (error instanceof errors.JOSEAlgNotAllowed)
      throw unauthorized('The access token uses an algorithm this API does not accept.', 'invalid-token');
    if (error instanceof errors.JOSEError) throw unauthorized('The access token is not valid.', 'invalid-token');
    throw error;
  }
}
