import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** One request as a fake sees it: the whole body read, as text. */
export interface FakeRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How a fake answers one request. */
export interface FakeReply {
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Sends `text` as application/json, as it is: for bodies that are not JSON. */
  raw(status: number, text: string): void;
  /** Holds the request for `ms` (then answers 200 `{"late": true}`), or until the fake stops. */
  stall(ms: number): void;
}

/**
 * The HTTP server under each fake: listens on a free port of 127.0.0.1, reads each body whole, and
 * on stop() cuts stalled requests and open connections, so a test never waits on a fake.
 */
export async function startFakeHttpServer(handle: (request: FakeRequest, reply: FakeReply) => void) {
  const stalled = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const json: FakeReply['json'] = (status, payload, headers = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(payload));
      };
      handle(
        { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body },
        {
          json,
          raw: (status, text) => {
            response.writeHead(status, { 'content-type': 'application/json' });
            response.end(text);
          },
          stall: (ms) => {
            stalled.add(response);
            setTimeout(() => {
              stalled.delete(response);
              if (!response.writableEnded) json(200, { late: true });
            }, ms).unref();
          },
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      for (const response of stalled) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
