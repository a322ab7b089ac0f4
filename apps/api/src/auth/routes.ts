import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { invalidField, Problem, unauthorized } from '@repo/service-kit';
import { randomUUID } from 'node:crypto';
import type { ApiConfig } from '../config.js';
import { signAccessToken } from './access-tokens.js';
import { principalOf, type Authenticate } from './authenticate.js';
import type { LoginCeiling } from './login-ceiling.js';
import { createPasswordGate } from './password-gate.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { hashRefreshToken, newRefreshToken } from './refresh-token-value.js';
import type { RefreshTokensRepository } from './refresh-tokens-repository.js';
import { Credentials, RefreshRequest, TokenPair, User } from './schemas.js';
import type { SessionStore } from './sessions.js';
import type { UsersRepository } from './users-repository.js';

const publicUser = (user: { id: string; email: string; role: 'user' | 'admin'; createdAt: Date }) => ({
  id: user.id,
  email: user.email,
  role: user.role,
  createdAt: user.createdAt.toISOString(),
});

export interface AuthRoutesOptions {
  config: ApiConfig;
  users: UsersRepository;
  refreshTokens: RefreshTokensRepository;
  sessions: SessionStore;
  loginCeiling: LoginCeiling;
  authenticate: Authenticate;
  /** Called after a change that wrote to the outbox, so the relay delivers it now. */
  outboxWritten: () => void;
}

/** Registration, login with refresh-token rotation, logout, and the account itself. */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async function authRoutes(app, options) {
  const { config, users, refreshTokens, sessions, loginCeiling, authenticate } = options;
  // Compared against when the email is unknown, so a login takes as long either way.
  const decoyHash = await hashPassword('decoy-password-1', config.passwordHashCost);
  const passwordGate = createPasswordGate({
    concurrency: config.passwordHashConcurrency,
    queue: config.passwordHashQueue,
  });

  async function issueTokens(userId: string, sessionId: string, familyId: string) {
    const refreshToken = newRefreshToken();
    await refreshTokens.issue({
      userId,
      sessionId,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      ttlSeconds: config.refreshTokenTtlSeconds,
    });
    const accessToken = await signAccessToken(
      { sub: userId, sid: sessionId },
      config.jwtSecret,
      config.accessTokenTtlSeconds,
    );
    return { accessToken, refreshToken, tokenType: 'Bearer' as const, expiresIn: config.accessTokenTtlSeconds };
  }

  app.post(
    '/auth/register',
    {
      schema: {
        tags: ['auth'],
        description:
          '409 when the email is taken: without a confirmation email an account cannot be created silently, so that answer stays, and registrations per address are limited (rateLimit.registerMax per registerWindowSeconds).',
        body: Credentials,
        response: { 201: User, 400: Problem, 409: Problem, 503: Problem },
      },
      config: {
        rateLimit: {
          max: config.rateLimit.registerMax,
          timeWindow: config.rateLimit.registerWindowSeconds * 1000,
          keyGenerator: (request) => `register:${request.ip}`,
        },
      },
    },
    async (request, reply) => {
      const problem = passwordProblem(request.body.password);
      if (problem) {
        throw invalidField('body', 'password', problem);
      }
      const user = await users.create(
        request.body.email,
        await passwordGate.run(() => hashPassword(request.body.password, config.passwordHashCost)),
      );
      return reply.status(201).send(publicUser(user));
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        body: Credentials,
        response: { 200: TokenPair, 400: Problem, 401: Problem, 429: Problem, 503: Problem },
      },
      config: {
        rateLimit: {
          max: config.rateLimit.loginMax,
          timeWindow: config.rateLimit.loginWindowSeconds * 1000,
          // Counted after the body is parsed: per address and account, against brute force.
          hook: 'preHandler',
          keyGenerator: (request) =>
            `login:${request.ip}:${String((request.body as { email?: string })?.email).toLowerCase()}`,
        },
      },
    },
    async (request) => {
      // Fail closed before the credentials are checked: with Redis down the login limit cannot
      // count (it lets requests through), so answering 401 or 503 by password was an
      // unthrottled password oracle.
      await sessions.assertAvailable();
      await loginCeiling.hit(request.body.email);
      const user = await users.findByEmail(request.body.email);
      const valid = await passwordGate.run(() =>
        verifyPassword(request.body.password, user?.passwordHash ?? decoyHash),
      );
      if (!user || !valid) throw unauthorized('The email or password is wrong.', 'invalid-credentials');
      const sessionId = randomUUID();
      await sessions.create(sessionId, user.id);
      return issueTokens(user.id, sessionId, randomUUID());
    },
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        body: RefreshRequest,
        response: { 200: TokenPair, 400: Problem, 401: Problem, 503: Problem },
      },
    },
    async (request) => {
      const result = await refreshTokens.use(hashRefreshToken(request.body.refreshToken));
      if (result.outcome === 'reused') {
        // A rotated token came back: someone holds a stolen copy. End the whole family.
        await refreshTokens.revokeFamily(result.token.familyId);
        await sessions.revoke(result.token.sessionId);
        request.log.warn(
          { familyId: result.token.familyId, userId: result.token.userId },
          'refresh token reuse: family revoked',
        );
        throw unauthorized(
          'This refresh token was already used; all tokens of its login are revoked.',
          'refresh-token-reused',
        );
      }
      if (result.outcome === 'raced')
        // Another request rotated this token moments ago (two tabs refreshing at once). Revoking
        // the family here logged the user out; handing out a second pair would give a replayed
        // copy tokens. Neither: this request gets nothing, the family stays, the other pair works.
        throw unauthorized(
          'This refresh token was rotated by another request a moment ago: use the tokens that request received.',
          'refresh-token-raced',
        );
      if (result.outcome === 'invalid')
        throw unauthorized('The refresh token is unknown, expired or revoked.', 'invalid-refresh-token');
      const { userId, sessionId, familyId } = result.token;
      if ((await sessions.userOf(sessionId)) !== userId) {
        throw unauthorized('The session of this refresh token has ended; log in again.', 'session-ended');
      }
      return issueTokens(userId, sessionId, familyId);
    },
  );

  app.post(
    '/auth/logout',
    {
      onRequest: authenticate,
      schema: { tags: ['auth'], response: { 204: { type: 'null' }, 401: Problem, 503: Problem } },
    },
    async (request, reply) => {
      const { sessionId } = principalOf(request);
      await sessions.revoke(sessionId);
      await refreshTokens.revokeSession(sessionId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/me',
    {
      onRequest: authenticate,
      schema: {
        tags: ['auth'],
        description:
          'Deletes your account and your notes (also from the memory graph, through the outbox) and ends every session.',
        response: { 204: { type: 'null' }, 401: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const { userId, sessionId } = principalOf(request);
      const ended = await users.deleteAccount(userId);
      if (!ended) throw unauthorized('The account of this token no longer exists.', 'session-ended');
      await Promise.all([...new Set([sessionId, ...ended])].map((each) => sessions.revoke(each)));
      options.outboxWritten();
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    { onRequest: authenticate, schema: { tags: ['auth'], response: { 200: User, 401: Problem, 503: Problem } } },
    async (request) => {
      const user = await users.findById(principalOf(request).userId);
      if (!user) throw unauthorized('The account of this token no longer exists.', 'session-ended');
      return publicUser(user);
    },
  );
};
