import { problemOf } from '@realdeps/http-testing';
import { entityFactory } from '@repo/factories';
import { signServiceToken } from '@repo/service-kit';
import { SignJWT, UnsecuredJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memoryToken, memoryUnderTest, TEST_MEMORY_TOKEN_SECRET } from '../support/memory-under-test.js';

const memory = await memoryUnderTest();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const secret = new TextEncoder().encode(TEST_MEMORY_TOKEN_SECRET);

/** Tokens memory must refuse, each with the problem type it answers. */
const refused: [string, () => Promise<Record<string, string>>, string][] = [
  ['no Authorization header', async () => ({}), 'missing-token'],
  ['an x-namespace header instead of a token', async () => ({ 'x-namespace': memory.namespace }), 'missing-token'],
  ['a scheme other than Bearer', async () => ({ authorization: `Basic ${btoa('api:secret')}` }), 'missing-token'],
  [
    'a token signed with another secret',
    async () => bearer(await memoryToken(memory.namespace, 'api', 'x'.repeat(40))),
    'invalid-token',
  ],
  [
    'a token for docs (another audience)',
    async () =>
      bearer(
        await signServiceToken({ audience: 'docs', subject: 'u1', secret: TEST_MEMORY_TOKEN_SECRET, ttlSeconds: 60 }),
      ),
    'invalid-token',
  ],
  [
    'a token without a namespace',
    async () =>
      bearer(
        await signServiceToken({
          audience: 'memory',
          subject: 'api',
          secret: TEST_MEMORY_TOKEN_SECRET,
          ttlSeconds: 60,
        }),
      ),
    'invalid-token',
  ],
  [
    'an expired token',
    async () =>
      bearer(
        await new SignJWT({ ns: memory.namespace })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('api')
          .setAudience('memory')
          .setSubject('api')
          .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
          .sign(secret),
      ),
    'token-expired',
  ],
  [
    'an unsigned token (alg: none)',
    async () =>
      bearer(
        new UnsecuredJWT({ ns: memory.namespace }).setIssuer('api').setAudience('memory').setSubject('api').encode(),
      ),
    'invalid-token',
  ],
  [
    'a token from another issuer',
    async () =>
      bearer(
        await new SignJWT({ ns: memory.namespace })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('memory')
          .setAudience('memory')
          .setSubject('api')
          .setExpirationTime('1m')
          .sign(secret),
      ),
    'invalid-token',
  ],
];

describe('service tokens', () => {
  it.each(refused)('refuse %s with 401 problem+json, and write nothing', async (_, headers, type) => {
    // A name no other file uses: the check below looks in every namespace.
    const entity = entityFactory.build({ name: `unauthenticated-${randomUUID()}` });

    const response = await memory.http
      .post('/entities')
      .set(await headers())
      .send({ entities: [entity] });

    expect(problemOf(response)).toMatchObject({ status: 401, type: `/problems/${type}` });
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(await memory.cypher('MATCH (e:Entity {name: $name}) RETURN e', { name: entity.name })).toEqual([]);
  });

  it('guard reads and the MCP endpoint too', async () => {
    const responses = await Promise.all([
      memory.http.get('/graph'),
      memory.http.get('/search').query({ q: 'x' }),
      memory.http.post('/mcp').set('accept', 'application/json, text/event-stream').send({}),
    ]);

    expect(responses.map((response) => problemOf(response).status)).toEqual([401, 401, 401]);
  });

  it('leave health open: orchestrators probe it without a token', async () => {
    expect((await memory.http.get('/health/live')).status).toBe(200);
    expect((await memory.http.get('/health/ready')).status).toBe(200);
  });

  it('are declared in the OpenAPI document on every route but health', async () => {
    const document = (await memory.http.get('/openapi.json')).body as {
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { securitySchemes: Record<string, { scheme: string }> };
    };

    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method} ${path}`, operation })),
    );
    expect(operations.length).toBeGreaterThan(5);
    for (const { name, operation } of operations)
      expect(operation.security, name).toEqual(name.includes('/health/') ? undefined : [{ serviceToken: [] }]);
    expect(document.components.securitySchemes.serviceToken?.scheme).toBe('bearer');
  });
});
