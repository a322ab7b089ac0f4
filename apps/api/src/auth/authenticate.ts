import { documentErrors, unauthorized } from '@repo/service-kit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { verifyAccessToken } from './access-tokens.js';
import type { SessionStore } from './sessions.js';

export interface Principal {
  userId: string;
  sessionId: string;
}

/** An onRequest hook: a valid access token of a live session, or a 401. */
export type Authenticate = (request: FastifyRequest) => Promise<void>;

/** Who sent each authenticated request: kept beside the request, not declared on every FastifyRequest. */
const principals = new WeakMap<FastifyRequest, Principal>();

/** The principal of an authenticated request (routes behind `authenticate` only). */
export function principalOf(request: FastifyRequest): Principal {
  const principal = principals.get(request);
  if (!principal) throw unauthorized('This route needs an access token.', 'missing-token');
  return principal;
}

const markSecured = (route: RouteOptions) => {
  route.schema = { ...route.schema, security: [{ bearer: [] }] } as RouteOptions['schema'];
  documentErrors(route, [401]);
};

/**
 * The access-token check. Any route registered after this with `onRequest: authenticate`
 * says so in the OpenAPI document (`security: bearer`, and its 401).
 */
export function createAuthenticate(
  app: FastifyInstance,
  options: { jwtSecret: string; sessions: SessionStore },
): Authenticate {
  const authenticate: Authenticate = async (request) => {
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) {
      throw unauthorized('Send an access token as "Authorization: Bearer <token>".', 'missing-token');
    }
    const claims = await verifyAccessToken(token, options.jwtSecret);
    if ((await options.sessions.userOf(claims.sid)) !== claims.sub) {
      throw unauthorized('The session of this access token has ended; log in again.', 'session-ended');
    }
    principals.set(request, { userId: claims.sub, sessionId: claims.sid });
  };
  app.addHook('onRoute', (route) => {
    if ([route.onRequest].flat().includes(authenticate)) markSecured(route);
  });
  return authenticate;
}

/** Every route registered after this in `app`'s scope needs an access token. Call at the top of a routes plugin. */
export function requireAuthentication(app: FastifyInstance, authenticate: Authenticate): void {
  app.addHook('onRequest', authenticate);
  app.addHook('onRoute', markSecured);
}
