import { startTcpFaultProxy, type TcpFaultProxy } from '@realdeps/faults';
import { captureLogs } from '@realdeps/http-testing';
import { createNeo4jNamespace, neo4jDriver } from '@realdeps/isolation';
import { entityFactory } from '@repo/factories';
import { buildApp, parseConfig } from '@repo/memory';
import {
  CircuitState,
  createMemoryClient,
  createResilientHttp,
  ServiceCallError,
  type ServiceClientOptions,
} from '@repo/service-clients';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signAs, TOKEN_SECRETS } from '../support/services.js';

// The real memory service on a port, reached through a fault proxy that can slow or cut it.
const neo4j = inject('servers').neo4j!;
const logs = captureLogs();
const memory = await buildApp(
  parseConfig({
    neo4jUrl: neo4j.url,
    neo4jUser: neo4j.user,
    neo4jPassword: neo4j.password,
    tokenSecret: TOKEN_SECRETS.memory,
    logLevel: 'info',
  }),
  { logStream: logs.stream },
);
const port = Number(new URL(await memory.listen({ host: '127.0.0.1', port: 0 })).port);
const proxy: TcpFaultProxy = await startTcpFaultProxy({ host: '127.0.0.1', port });
const cleanup = await neo4jDriver(neo4j);
const namespace = createNeo4jNamespace(cleanup);
afterAll(async () => {
  await proxy.stop();
  await memory.close();
  await namespace.cleanup();
  await cleanup.close();
});

const settings: ServiceClientOptions = {
  baseUrl: `http://127.0.0.1:${proxy.port}`,
  service: 'memory',
  timeoutMs: 1000,
  retries: 2,
  retryBaseMs: 20,
  breakerThreshold: 3,
  breakerHalfOpenMs: 400,
  token: signAs('memory'),
};
/** The api's own calls in a namespace. */
const asApi = (namespace: string) => ({ subject: 'api', namespace });
// Warm the service (first Cypher plans of each call the tests make, JIT) in a namespace of its
// own, so that the timeouts below measure the faults only, never a cold first write.
const warmUp = createNeo4jNamespace(cleanup);
const patient = createMemoryClient({ ...settings, timeoutMs: 30_000 });
const [warmA, warmB] = entityFactory.buildList(2);
await patient.createEntities(asApi(warmUp.namespace), [warmA!, warmB!]);
await patient.createRelations(asApi(warmUp.namespace), [{ from: warmA!.name, to: warmB!.name, relationType: 'knows' }]);
await patient.neighbours(asApi(warmUp.namespace), warmA!.name, 1);
await patient.search(asApi(warmUp.namespace), 'warm-up');
await warmUp.cleanup();

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof ServiceCallError ? error.failure : String(error)),
  );
const requestsWithId = (requestId: string) =>
  logs.forRequest(requestId).filter((line) => line.msg === 'incoming request').length;

const attempts: string[] = [];
const counted = {
  ...settings,
  onAttempt: ({ method, path }: { method: string; path: string }) => attempts.push(`${method} ${path}`),
};
const attemptsDuring = async (work: () => Promise<unknown>) => {
  attempts.length = 0;
  await work();
  return attempts.length;
};

describe('the memory client against the real memory service', () => {
  beforeAll(() => proxy.restore());

  // A client of its own in each test: a breaker that one test's faults opened must not fail the next.
  it('returns typed results and passes its request id on', async () => {
    const client = createMemoryClient(counted);
    const [a, b] = entityFactory.buildList(2);
    await client.createEntities(asApi(namespace.namespace), [a!, b!], 'trace-client-1');
    await client.createRelations(asApi(namespace.namespace), [{ from: a!.name, to: b!.name, relationType: 'knows' }]);

    const { neighbours } = await client.neighbours(asApi(namespace.namespace), a!.name, 1);

    expect(neighbours).toEqual([{ ...b, distance: 1 }]);
    expect(requestsWithId('trace-client-1')).toBe(1);
  });

  it('gives up on a slow answer after the timeout, retrying an idempotent call twice (3 attempts in all)', async () => {
    const client = createMemoryClient(counted);
    proxy.setLatency(1500);
    try {
      let failure: string | undefined;
      const tries = await attemptsDuring(
        async () => (failure = await failureOf(client.search(asApi(namespace.namespace), 'anything'))),
      );

      expect(failure).toBe('timeout');
      expect(tries).toBe(3);
    } finally {
      proxy.setLatency(0);
    }
  });

  it('does not retry a call that is not idempotent, and retries one that is', async () => {
    const http = createResilientHttp(counted);
    proxy.cut();
    try {
      let postFailure: string | undefined;
      let searchFailure: string | undefined;
      const postTries = await attemptsDuring(
        async () =>
          (postFailure = await failureOf(
            http.call({
              method: 'POST',
              path: '/entities',
              body: { entities: [] },
              caller: asApi(namespace.namespace),
              idempotent: false,
            }),
          )),
      );
      const searchTries = await attemptsDuring(
        async () =>
          (searchFailure = await failureOf(createMemoryClient(counted).search(asApi(namespace.namespace), 'x'))),
      );

      expect([postFailure, postTries]).toEqual(['unreachable', 1]);
      expect([searchFailure, searchTries]).toEqual(['unreachable', 3]);
    } finally {
      proxy.restore();
    }
  });

  it('does not retry a client error, and such errors never open the breaker', async () => {
    const strict = createMemoryClient({ ...counted, breakerThreshold: 1 });

    let failure: string | undefined;
    const tries = await attemptsDuring(
      async () =>
        (failure = await failureOf(
          strict.neighbours(asApi(namespace.namespace), 'nobody-by-that-name', 1, 'trace-404'),
        )),
    );
    const again = await failureOf(strict.neighbours(asApi(namespace.namespace), 'nobody-by-that-name', 1));

    expect([failure, tries, again]).toEqual(['client-error', 1, 'client-error']);
    expect(requestsWithId('trace-404')).toBe(1);
  });
});

describe('the circuit breaker of the memory client', () => {
  it('opens after consecutive failures (no more attempts), half-opens after a pause, and closes on success', async () => {
    const client = createMemoryClient({ ...counted, retries: 0 });
    const entity = entityFactory.build();
    await client.createEntities(asApi(namespace.namespace), [entity]);

    proxy.cut();
    const failures = [];
    for (let i = 0; i < 3; i++) failures.push(await failureOf(client.search(asApi(namespace.namespace), entity.name)));
    let whileOpen: string | undefined;
    const attemptsWhileOpen = await attemptsDuring(
      async () => (whileOpen = await failureOf(client.search(asApi(namespace.namespace), entity.name))),
    );
    proxy.restore();

    expect(failures).toEqual(['unreachable', 'unreachable', 'unreachable']);
    expect(whileOpen).toBe('circuit-open');
    expect(attemptsWhileOpen).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 450));
    const recovered = await client.search(asApi(namespace.namespace), entity.name);
    expect(recovered.entities).toEqual([entity]);
    expect(client.breaker.state).toBe(CircuitState.Closed);
  });
});
