import type { ServiceCaller } from '@repo/contracts';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { errors, jwtVerify, SignJWT } from 'jose';
import { documentErrors } from './problem-schema.js';
import { unauthorized } from './problem.js';

/**
 * Service-to-service authentication. The api is the only issuer: for each call to memory or
 * docs it signs a short-lived token naming the audience (the service called), the subject
 * (the user the call is made for, or "api" for its own work) and, for memory, the namespace.
 * The called service takes who and where from the token, never from a header the caller picks.
 *
 * HS256 with one secret per audience (MEMORY_TOKEN_SECRET is known to the api and memory only,
 * DOCS_TOKEN_SECRET to the api and docs only), so a compromised service can mint tokens for
 * itself but for no other. With many verifiers, an asymmetric key (jose's importSPKI/EdDSA)
 * would let them verify without being able to sign; two verifiers do not need it.
 */
export type ServiceAudience = 'memory' | 'docs';

export const SERVICE_TOKEN_ISSUER = 'api';
/** The OpenAPI security scheme name of routes behind a service token. */
export const SERVICE_TOKEN_SCHEME = 'serviceToken';
const ALGORITHM = 'HS256';
const NAMESPACE = /^[A-Za-z0-9_-]{1,64}$/;

const key = (secret: string) => new TextEncoder().encode(secret);

export interface SignServiceTokenOptions extends ServiceCaller {
  audience: ServiceAudience;
  secret: string;
  ttlSeconds: number;
}

export async function signServiceToken(options: SignServiceTokenOptions): Promise<string> {
  return new SignJWT(options.namespace === undefined ? {} : { ns: options.namespace })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(SERVICE_TOKEN_ISSUER)
    .setAudience(options.audience)
    .setSubject(options.subject)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds}s`)
    .sign(key(options.secret));
}

/** Verifies signature, algorithm, issuer, audience and expiry; a 401 problem says which failed. */
export async function verifyServiceToken(
  token: string,
  secret: string,
  audience: ServiceAudience,
): Promise<ServiceCaller> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALGORITHM],
      issuer: SERVICE_TOKEN_ISSUER,
      audience,
    });
    if (typeof payload.sub !== 'string' || payload.sub.length === 0)
      throw unauthorized('The service token names no subject.', 'invalid-token');
    if (audience === 'memory' && !(typeof payload.ns === 'string' && NAMESPACE.test(payload.ns)))
      throw unauthorized('The service token names no valid namespace.', 'invalid-token');
    return { subject: payload.sub, ...(typeof payload.ns === 'string' ? { namespace: payload.ns } : {}) };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw unauthorized('The service token has expired.', 'token-expired');
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud')
      throw unauthorized(`The service token is not meant for ${audience}.`, 'invalid-token');
    if (error instanceof errors.JOSEError) throw unauthorized('The service token is not valid.', 'invalid-token');
    throw error;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who a service-token request is for (routes behind `requireServiceToken` only). */
    caller: ServiceCaller | null;
  }
}

/** The caller of a request that passed `requireServiceToken`. */
export function callerOf(request: FastifyRequest): ServiceCaller {
  if (!request.caller) throw unauthorized('This route needs a service token.', 'missing-token');
  return request.caller;
}

/**
 * Every route registered after this in `app`'s scope refuses a request without a valid
 * service token for `audience` (401 problem+json, before the body is read), and the OpenAPI
 * document says so. Call at the top of a routes plugin; health routes stay outside.
 */
export function requireServiceToken(app: FastifyInstance, options: { secret: string; audience: ServiceAudience }) {
  if (!app.hasRequestDecorator('caller')) app.decorateRequest('caller', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.schema) return;
    route.schema = { ...route.schema, security: [{ [SERVICE_TOKEN_SCHEME]: [] }] };
    documentErrors(route, [401]);
  });
  app.addHook('onRequest', async (request) => {
    const [scheme, token, ...rest] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token || rest.length > 0)
      throw unauthorized('Send a service token from the api as "Authorization: Bearer <token>".', 'missing-token');
    request.caller = await verifyServiceToken(token, options.secret, options.audience);
  });
}

/** The OpenAPI component that `security: serviceToken` refers to. */
export const serviceTokenSecurityScheme = {
  securitySchemes: {
    [SERVICE_TOKEN_SCHEME]: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'A short-lived token signed by the api for this service (audience), naming the user it acts for.',
    },
  },
};
