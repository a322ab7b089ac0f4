import { problemOf } from '@realdeps/http-testing';
import { schema } from '@repo/api';
import { eq } from 'drizzle-orm';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';

const api = await apiUnderTest();

describe('errors', () => {
  it('hides the internals of a 5xx from the client and logs the error with the request id', async () => {
    const { auth } = await signedInUser(api.http);
    // Break this file's database under the running api.
    await api.pool.query('ALTER TABLE notes RENAME TO notes_gone');
    try {
      const response = await api.http.get('/notes').set(auth).set('x-request-id', 'trace-500-test');

      expect(problemOf(response)).toMatchObject({ status: 500, type: '/problems/internal' });
      expect(response.body).toEqual({
        type: '/problems/internal',
        title: 'Internal Server Error',
        status: 500,
        detail: 'The server failed to handle this request; quote the requestId when you report it.',
        instance: '/notes',
        requestId: 'trace-500-test',
      });
      const logged = api.logs.forRequest('trace-500-test').find((line) => line.msg === 'request failed');
      expect(logged?.level).toBe(50);
      expect(logged?.err?.message).toMatch(/relation "notes" does not exist/);
    } finally {
      await api.pool.query('ALTER TABLE notes_gone RENAME TO notes');
    }
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const response = await api.http.get('/no/such/route');

    expect(problemOf(response)).toMatchObject({
      status: 404,
      contentType: 'application/problem+json',
      detail: 'No route for GET /no/such/route',
    });
  });

  it('answers 403 when an authenticated user lacks the role, and 200 for an admin', async () => {
    const member = await signedInUser(api.http);
    const admin = await signedInUser(api.http);
    await api.db.update(schema.users).set({ role: 'admin' }).where(eq(schema.users.id, admin.user.id));

    const refused = await api.http.get('/admin/stats').set(member.auth);
    const allowed = await api.http.get('/admin/stats').set(admin.auth);

    expect(problemOf(refused)).toMatchObject({ status: 403, type: '/problems/forbidden' });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual({ users: expect.any(Number), notes: expect.any(Number) });
  });
});

describe('request ids and logs', () => {
  it('echoes a safe caller request id and logs the request and its completion under it', async () => {
    const response = await api.http.get('/me').set('x-request-id', 'caller-id-42');

    expect(response.headers['x-request-id']).toBe('caller-id-42');
    expect(response.body.requestId).toBe('caller-id-42');
    expect(api.logs.forRequest('caller-id-42').map((line) => line.msg)).toEqual([
      'incoming request',
      'request rejected',
      'request completed',
    ]);
  });

  it('replaces an unsafe request id (log injection) with its own', async () => {
    const response = await api.http.get('/health/live').set('x-request-id', 'bad id; forged=1');

    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs every request with method, url, status and request id', async () => {
    const { auth } = await signedInUser(api.http);

    const response = await api.http.get('/me').set(auth);

    const lines = api.logs.forRequest(String(response.headers['x-request-id']));
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'incoming request', req: expect.objectContaining({ method: 'GET', url: '/me' }) }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request completed', res: { statusCode: 200 } }));
  });
});

describe('the plugin tree', () => {
  it('names every route module, so printPlugins() shows where each route comes from', () => {
    const names = api.app
      .printPlugins()
      .split('\n')
      .map((line) => /^\W*([\w@/-]+) \d+ ms$/.exec(line)?.[1]);

    expect(names).toEqual(
      expect.arrayContaining(['healthRoutes', 'authRoutes', 'notesRoutes', 'federationRoutes', 'adminRoutes']),
    );
  });
});

describe('health', () => {
  it('is live, and ready when PostgreSQL and Redis answer', async () => {
    expect((await api.http.get('/health/live')).body).toEqual({ status: 'ok' });
    expect((await api.http.get('/health/ready')).body).toEqual({
      status: 'ok',
      checks: { postgres: 'up', redis: 'up' },
    });
  });
});

/** A request as raw bytes, for what an HTTP client library would refuse to send; resolves with the response. */
async function rawRequest(request: string): Promise<{ head: string; body: string }> {
  const address = api.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const socket = connect(port, '127.0.0.1');
  socket.end(request);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const [head = '', body = ''] = Buffer.concat(chunks).toString('utf8').split('\r\n\r\n');
  return { head, body };
}

describe('errors raised before a route runs are problem+json too', () => {
  beforeAll(() => api.app.listen({ host: '127.0.0.1', port: 0 }));

  it('a malformed percent-escape in the URL: 400', async () => {
    const response = await api.http.get('/notes/%E0%A4%A');

    expect(problemOf(response)).toMatchObject({
      status: 400,
      contentType: 'application/problem+json',
      type: '/problems/malformed-request',
    });
  });

  it('a path parameter longer than any id: 414', async () => {
    const response = await api.http.get(`/notes/${'a'.repeat(500)}`);

    expect(problemOf(response)).toMatchObject({ status: 414, contentType: 'application/problem+json' });
  });

  it('headers larger than the server reads: 431', async () => {
    const { head, body } = await rawRequest(
      `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(32 * 1024)}\r\n\r\n`,
    );

    expect(head).toMatch(/^HTTP\/1.1 431 /);
    expect(head.toLowerCase()).toContain('content-type: application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 431, type: '/problems/headers-too-large' });
  });
});

describe('a client that sends its headers too slowly', async () => {
  const strict = await apiUnderTest({ config: { server: { headersTimeoutMs: 500 } } });
  beforeAll(() => strict.app.listen({ host: '127.0.0.1', port: 0 }));

  it('gets a 408 problem and a closed connection once the headers timeout runs out, instead of holding it', async () => {
    const address = strict.app.server.address();
    const socket = connect(typeof address === 'object' && address ? address.port : 0, '127.0.0.1');
    // Half a request, and then nothing: the start of a slow-headers attack.
    socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n');
    const chunks: Buffer[] = [];
    for await (const chunk of socket) chunks.push(chunk as Buffer);
    const [head = '', body = ''] = Buffer.concat(chunks).toString('utf8').split('\r\n\r\n');

    expect(head).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(body)).toMatchObject({ status: 408, type: '/problems/request-timeout' });
  });
});
