/**
 * api benchmark: requests/s and latency of the main routes, in-process on a real port,
 * against real PostgreSQL and Redis from the provisioning library (local provider unless
 * IT_PROVIDER says otherwise). Prints a Markdown table for the README.
 *
 *   npm run bench:api                  # 5 s per route, 10 connections
 *   BENCH_SECONDS=10 npm run bench:api
 */
import { buildApp, parseConfig } from '@repo/api';
import { migrateDatabase } from '@repo/api/migrate';
import { noteFactory, userFactory } from '@repo/factories';
import { startPostgres, startRedis } from '@repo/provisioning';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;

const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
try {
  await migrateDatabase(postgres.info.url);
  const app = await buildApp(
    parseConfig({
      databaseUrl: postgres.info.url,
      redisUrl: redis.info.url,
      jwtSecret: 'benchmark-secret-that-is-at-least-32-chars',
      logLevel: 'warn',
      rateLimit: { max: 10_000_000, loginMax: 10_000_000 },
    }),
  );
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const user = userFactory.build();
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  await post('/auth/register', user);
  const tokens = (await (await post('/auth/login', user)).json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${tokens.accessToken}` };
  const probe = await fetch(`${base}/me`, { headers: auth });
  if (probe.status !== 200)
    throw new Error(`benchmark setup failed: GET /me answered ${probe.status} ${await probe.text()}`);
  const notes = [];
  for (let i = 0; i < 500; i++)
    notes.push((await (await post('/notes', noteFactory.build(), auth)).json()) as { id: string });

  const scenarios: { name: string; path: string; options: Partial<autocannon.Options> }[] = [
    { name: 'GET /notes/:id (cache hit)', path: `/notes/${notes[0]!.id}`, options: { headers: auth } },
    { name: 'GET /notes?limit=20', path: '/notes?limit=20', options: { headers: auth } },
    {
      name: 'POST /notes',
      path: '/notes',
      options: {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(noteFactory.build()),
      },
    },
    { name: 'GET /me', path: '/me', options: { headers: auth } },
    {
      name: 'POST /auth/login (scrypt N=2^15)',
      path: '/auth/login',
      options: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) },
    },
  ];
  const rows: string[] = [];
  for (const scenario of scenarios) {
    const result = await autocannon({
      url: `${base}${scenario.path}`,
      connections: CONNECTIONS,
      duration: SECONDS,
      ...scenario.options,
    });
    const failed = result.non2xx + result.errors + result.timeouts;
    rows.push(
      `| ${scenario.name} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p97_5} | ${failed} |`,
    );
  }
  await app.close();
  console.log(
    `\napi, ${CONNECTIONS} connections, ${SECONDS} s per route (PostgreSQL ${postgres.info.provider}, Redis ${redis.info.provider}):\n`,
  );
  console.log('| route | requests/s | p50 ms | p97.5 ms | non-2xx |\n| --- | ---: | ---: | ---: | ---: |');
  console.log(rows.join('\n'));
} finally {
  await Promise.all([postgres.stop(), redis.stop()]);
}
