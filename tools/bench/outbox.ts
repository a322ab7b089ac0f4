/**
 * Outbox benchmark: how quickly notes reach the memory graph. Real PostgreSQL, Redis and
 * Neo4j (local provider unless IT_PROVIDER says otherwise), the real api and memory services
 * in-process, talking HTTP. Prints a Markdown table for tools/bench/README.md.
 *
 *   npm run bench:outbox                  # 200 notes one at a time, then a backlog of 2000
 *   BENCH_NOTES=500 BENCH_BACKLOG=5000 npm run bench:outbox
 *
 * Lag is measured by PostgreSQL itself: from the note's transaction (outbox.created_at) to
 * the relay marking it delivered (outbox.delivered_at).
 */
import { databaseUrl } from '@realdeps/isolation';
import { startNeo4j, startPostgres, startRedis } from '@realdeps/provisioning';
import { buildApp as buildApi, parseConfig as parseApiConfig } from '@repo/api';
import { migrateDatabase } from '@repo/api/migrate';
import { noteFactory, userFactory } from '@repo/factories';
import { buildApp as buildMemory, parseConfig as parseMemoryConfig } from '@repo/memory';
import pg from 'pg';
import { fmt, timeMs } from './stats.js';

const NOTES = Number(process.env.BENCH_NOTES ?? 200);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 2000);

const [postgres, redis, neo4j] = await Promise.all([startPostgres(), startRedis(), startNeo4j()]);
const admin = new pg.Client({ connectionString: postgres.info.url });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS bench_outbox');
await admin.query('CREATE DATABASE bench_outbox');
const url = databaseUrl(postgres.info.url, 'bench_outbox');
await migrateDatabase(url);
const db = new pg.Pool({ connectionString: url, max: 2 });

const memoryTokenSecret = 'bench-outbox-memory-token-secret-32ch';
const memory = await buildMemory(
  parseMemoryConfig({
    neo4jUrl: neo4j.info.url,
    neo4jUser: neo4j.info.user,
    neo4jPassword: neo4j.info.password,
    tokenSecret: memoryTokenSecret,
    logLevel: 'warn',
  }),
);
const memoryUrl = await memory.listen({ host: '127.0.0.1', port: 0 });
const apiConfig = parseApiConfig({
  databaseUrl: url,
  redisUrl: redis.info.url,
  jwtSecret: 'bench-outbox-secret-of-at-least-32-chars',
  passwordHashCost: 10,
  logLevel: 'warn',
  memoryUrl,
  memoryTokenSecret,
  memoryNamespace: 'bench',
  rateLimit: { max: 1_000_000 },
});
const pending = async () =>
  Number(
    (await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL')).rows[0]?.n ?? 0,
  );
const drained = async () => {
  while ((await pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 1));
};
/** Two of 20 tags per note (one when they coincide), so notes share tags as real ones do. */
const tags = (index: number) => [...new Set([`tag${index % 20}`, `tag${(index * 7) % 20}`])];

try {
  // 1. Lag: one note at a time, each mirrored before the next is written (a write wakes the relay).
  let api = await buildApi(apiConfig);
  await api.ready();
  const user = userFactory.build();
  const ownerId = (await api.inject({ method: 'POST', url: '/auth/register', payload: user })).json<{ id: string }>()
    .id;
  const login = await api.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { email: user.email, password: user.password },
  });
  const authorization = `Bearer ${(login.json() as { accessToken: string }).accessToken}`;
  for (let i = 0; i < NOTES; i++) {
    await api.inject({
      method: 'POST',
      url: '/notes',
      headers: { authorization },
      payload: noteFactory.build({ tags: tags(i) }),
    });
    await drained();
  }
  const { rows: lags } = await db.query<{ p50: number; p95: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95
     FROM (SELECT extract(epoch FROM delivered_at - created_at) * 1000 AS ms FROM outbox) AS lags`,
  );
  const lag = lags[0] ?? { p50: Number.NaN, p95: Number.NaN };
  await api.close();

  // 2. A backlog (as after a memory outage): rows written while no relay runs, then one relay catches up.
  const backlog = Array.from({ length: BACKLOG }, (_, index) => ({ ...noteFactory.build(), tags: tags(index) }));
  await db.query(
    `WITH created AS (
       INSERT INTO notes (owner_id, title, body, tags)
       SELECT $1, n.title, '', ARRAY(SELECT jsonb_array_elements_text(n.tags)) FROM unnest($2::text[], $3::jsonb[]) AS n(title, tags)
       RETURNING id, owner_id, tags)
     INSERT INTO outbox (note_id, owner_id, change, tags) SELECT id, owner_id, 'created', tags FROM created`,
    [ownerId, backlog.map((note) => note.title), backlog.map((note) => JSON.stringify(note.tags))],
  );
  const catchUp = await timeMs(async () => {
    api = await buildApi(apiConfig);
    await api.ready();
    await drained();
  });
  await api.close();

  console.log(
    `\nOutbox to memory (${postgres.info.provider} PostgreSQL, ${neo4j.info.provider} Neo4j, memory over HTTP on loopback):\n`,
  );
  console.log('| measure | value |\n| --- | ---: |');
  console.log(`| lag, note written -> mirrored, median ms (${NOTES} notes, one at a time) | ${fmt(lag.p50)} |`);
  console.log(`| lag, p95 ms | ${fmt(lag.p95)} |`);
  console.log(
    `| backlog of ${BACKLOG} notes caught up, notes/s (one relay, batches of ${apiConfig.outbox.batchSize}) | ${fmt(BACKLOG / (catchUp / 1000))} |`,
  );
} finally {
  await memory.close();
  await db.end();
  await admin.query('DROP DATABASE IF EXISTS bench_outbox WITH (FORCE)');
  await admin.end();
  await Promise.all([postgres.stop(), redis.stop(), neo4j.stop()]);
}
