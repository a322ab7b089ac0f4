/**
 * api benchmark: requests/s and latency of the main routes, in-process on a real port,
 * against real PostgreSQL and Redis from the provisioning library (local provider unless
 * IT_PROVIDER says otherwise). Prints a Markdown table for tools/bench/README.md.
 *
 *   npm run bench:api                  # 5 s per route, 10 connections
 *   BENCH_SECONDS=10 npm run bench:api
 *
 * Then GET /me while 20 connections log in with unknown emails (each a full scrypt against
 * the decoy hash), with the password gate at its default (2 hashes at once) and opened wide.
 */
import { startPostgres, startRedis } from '@realdeps/provisioning';
import { buildApp, parseConfig } from '@repo/api';
import { migrateDatabase } from '@repo/api/migrate';
import { noteFactory, userFactory } from '@repo/factories';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;

const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
try {
  await migrateDatabase(postgres.info.url);
  const user = userFactory.build();
  let registered = false;
  const startApi = async (passwordHashConcurrency?: number) => {
    const app = await buildApp(
      parseConfig({
        databaseUrl: postgres.info.url,
        redisUrl: redis.info.url,
        jwtSecret: 'benchmark-secret-that-is-at-least-32-chars',
        logLevel: 'warn',
        ...(passwordHashConcurrency ? { passwordHashConcurrency } : {}),
        rateLimit: { max: 10_000_000, loginMax: 10_000_000, loginAccountMax: 10_000_000 },
      }),
    );
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    if (!registered) registered = (await post('/auth/register', user)).status === 201;
    const tokens = (await (await post('/auth/login', user)).json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${tokens.accessToken}` };
    const probe = await fetch(`${base}/me`, { headers: auth });
    if (probe.status !== 200)
      throw new Error(`benchmark setup failed: GET /me answered ${probe.status} ${await probe.text()}`);
    return { app, base, post, auth };
  };
  const { app, base, post, auth } = await startApi();
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

  const floodRows: string[] = [];
  for (const [gate, concurrency] of [
    ['off (64 at once)', 64],
    ['default (2 at once, 32 waiting)', undefined],
  ] as const) {
    const flooded = await startApi(concurrency);
    const [flood, me] = await Promise.all([
      autocannon({
        url: `${flooded.base}/auth/login`,
        connections: 20,
        duration: SECONDS,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.test', password: 'not-the-password-1' }),
      }),
      autocannon({ url: `${flooded.base}/me`, connections: CONNECTIONS, duration: SECONDS, headers: flooded.auth }),
    ]);
    await flooded.app.close();
    const refused = flood.statusCodeStats?.['503']?.count ?? 0;
    floodRows.push(
      `| ${gate} | ${me.latency.p50} | ${me.latency.p97_5} | ${me.requests.average.toFixed(0)} | ${flood.requests.average.toFixed(0)} | ${refused} |`,
    );
  }
  console.log(
    `\napi, ${CONNECTIONS} connections, ${SECONDS} s per route (PostgreSQL ${postgres.info.provider}, Redis ${redis.info.provider}):\n`,
  );
  console.log('| route | requests/s | p50 ms | p97.5 ms | non-2xx |\n| --- | ---: | ---: | ---: | ---: |');
  console.log(rows.join('\n'));
  console.log(`\nGET /me (${CONNECTIONS} connections) while 20 connections log in with an unknown email:\n`);
  console.log(
    '| password gate | GET /me p50 ms | p97.5 ms | GET /me requests/s | logins/s | logins refused 503 |\n| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  console.log(floodRows.join('\n'));
} finally {
  await Promise.all([postgres.stop(), redis.stop()]);
}
