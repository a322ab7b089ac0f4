import { documentErrors, unauthorized } from '@repo/service-kit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { verifyAccessToken } from '../auth/access-tokens.js';
import { createSessionStore, type SessionStore } from '../auth/sessions.js';

export interface Principal {
  userId: string;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionStore;
    /** onRequest hook for protected routes: a valid access token of a live session. */
    authenticate(request: FastifyRequest): Promise<void>;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The principal of an authenticated request (routes behind `app.authenticate` only). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized('This route needs an access token.', 'missing-token');
  return request.principal;
}

const markSecured = (route: RouteOptions) => {
  route.schema = { ...route.schema, security: [{ bearer: [] }] } as RouteOptions['schema'];
  documentErrors(route, [401]);
};

/**
 * Every route registered after this in `app`'s scope needs an access token, and the OpenAPI
 * document says so (`security: bearer`). Call at the top of a routes plugin.
 */
export function requireAuthentication(app: FastifyInstance): void {
  app.addHook('onRequest', app.authenticate);
  app.addHook('onRoute', markSecured);
}

export const authenticatePlugin = fp(
  async (app: FastifyInstance, options: { jwtSecret: string; sessionTtlSeconds: number }) => {
    const sessions = createSessionStore(app.redis, options.sessionTtlSeconds);
    app.decorate('sessions', sessions);
    app.decorateRequest('principal', null);
    // A route with `onRequest: app.authenticate` says so in the OpenAPI document.
    app.addHook('onRoute', (route) => {
      if ([route.onRequest].flat().includes(app.authenticate)) markSecured(route);
    });
    app.decorate('authenticate', async (request: FastifyRequest) => {
      const header = request.headers.authorization ?? '';
      const [scheme, token] = header.split(' ');
      if (scheme !== 'Bearer' || !token) {
        throw unauthorized('Send an access token as "Authorization: Bearer <token>".', 'missing-token');
      }
      const claims = await verifyAccessToken(token, options.jwtSecret);
      if ((await sessions.userOf(claims.sid)) !== claims.sub) {
        throw unauthorized('The session of this access token has ended; log in again.', 'session-ended');
      }
      request.principal = { userId: claims.sub, sessionId: claims.sid };
    });
  },
  { name: 'authenticate', dependencies: ['redis'] },
);
