/**
 * Provisioning benchmark: boot time and memory of each server per provider, and the cost of
 * a fresh, isolated PostgreSQL database by four strategies. Medians of several runs, printed
 * as Markdown tables for tools/bench/README.md.
 *
 *   npm run bench:provisioning              # 5 boots per server, 30 rounds per strategy
 *   BENCH_BOOTS=3 npm run bench:provisioning
 */
import { createIsolatedDatabase, neo4jDriver, preparePostgresTemplate } from '@realdeps/isolation';
import {
  containerRuntimeAnswers,
  startLocalNeo4j,
  startLocalPostgres,
  startLocalRedis,
  startServer,
  type LocalServerHandle,
  type ServerInfo,
} from '@realdeps/provisioning';
import { Redis } from 'ioredis';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { fmt, median, timeMs, treePssMiB } from './stats.js';

const BOOTS = Number(process.env.BENCH_BOOTS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const quiet = { log: () => undefined };

/** Twelve tables with keys, indexes and a foreign key: roughly a small service's schema. */
async function migrate(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    'CREATE TABLE accounts (id bigserial PRIMARY KEY, email text UNIQUE NOT NULL, created_at timestamptz DEFAULT now())',
  );
  for (let i = 1; i <= 11; i++) {
    await client.query(
      `CREATE TABLE t${i} (id bigserial PRIMARY KEY, account_id bigint REFERENCES accounts(id) ON DELETE CASCADE,
        title text NOT NULL, body text, version int NOT NULL DEFAULT 1, created_at timestamptz DEFAULT now())`,
    );
    await client.query(`CREATE INDEX t${i}_account ON t${i} (account_id, created_at)`);
  }
  await client.end();
}

async function exercise(info: ServerInfo): Promise<void> {
  if (info.kind === 'postgres') {
    const client = new pg.Client({ connectionString: info.url });
    await client.connect();
    await client.query('SELECT count(*) FROM pg_class');
    await client.end();
  } else if (info.kind === 'redis') {
    const client = new Redis(info.url);
    await client.set('bench', 'x');
    client.disconnect();
  } else {
    const driver = await neo4jDriver(info as ServerInfo & { user: string; password: string });
    await driver.executeQuery(
      'UNWIND range(1, 1000) AS i CREATE (:Bench {i: i}) WITH count(*) AS c MATCH (b:Bench) RETURN count(b)',
    );
    await driver.close();
  }
}

async function bootLocal(name: string, start: () => Promise<LocalServerHandle<ServerInfo>>) {
  const boots: number[] = [];
  let pss = 0;
  for (let i = 0; i < BOOTS; i++) {
    let handle: LocalServerHandle<ServerInfo> | undefined;
    boots.push(await timeMs(async () => (handle = await start())));
    await exercise(handle!.info);
    pss = Math.max(pss, treePssMiB(handle!.state().pid));
    await handle!.stop();
  }
  return { name, provider: 'local', boot: median(boots), pss };
}

/** The host PID of the newest container's first process: its tree is the server, as for a local one. */
function newestContainerPid(): number {
  const id = execFileSync('docker', ['ps', '--latest', '--quiet'], { encoding: 'utf8' }).trim();
  return Number(execFileSync('docker', ['inspect', '--format', '{{.State.Pid}}', id], { encoding: 'utf8' }).trim());
}

async function bootContainers() {
  if (!(await containerRuntimeAnswers())) return [];
  const rows = [];
  for (const kind of ['postgres', 'redis', 'neo4j'] as const) {
    const boots: number[] = [];
    let pss = 0;
    for (let i = 0; i < Math.min(BOOTS, 3); i++) {
      let handle: { info: ServerInfo; stop(): Promise<void> } | undefined;
      boots.push(
        await timeMs(async () => (handle = await startServer(kind, { ...quiet, provider: 'testcontainers' }))),
      );
      await exercise(handle!.info);
      pss = Math.max(pss, treePssMiB(newestContainerPid()));
      await handle!.stop();
    }
    rows.push({ name: kind, provider: 'testcontainers', boot: median(boots), pss });
  }
  return rows;
}

async function freshDatabaseStrategies(serverUrl: string) {
  const { info } = await preparePostgresTemplate(serverUrl, { name: 'bench', key: 'v1', migrate, poolSize: 4 });
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();

  const clone: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    clone.push(await timeMs(() => admin.query(`CREATE DATABASE bench_clone_${i} TEMPLATE ${info.template}`)));
  }

  const pooled: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let database: Awaited<ReturnType<typeof createIsolatedDatabase>> | undefined;
    pooled.push(await timeMs(async () => (database = await createIsolatedDatabase(info))));
    await database!.drop(); // waits for the background refill, so every claim finds a warm pool
  }

  const shared = new pg.Client({ connectionString: serverUrl.replace(/\/[^/]*$/, '/bench_clone_0') });
  await shared.connect();
  const tables = ['accounts', ...Array.from({ length: 11 }, (_, i) => `t${i + 1}`)];
  const truncate: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const { rows } = await shared.query<{ id: string }>('INSERT INTO accounts (email) VALUES ($1) RETURNING id', [
      `a${i}@example.test`,
    ]);
    await shared.query('INSERT INTO t1 (account_id, title) SELECT $1, g::text FROM generate_series(1, 50) g', [
      rows[0]!.id,
    ]);
    truncate.push(await timeMs(() => shared.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`)));
  }

  const rollback: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    rollback.push(
      await timeMs(async () => {
        await shared.query('BEGIN');
        await shared.query("INSERT INTO accounts (email) VALUES ('rolled-back@example.test')");
        await shared.query('ROLLBACK');
      }),
    );
  }
  await shared.end();
  for (let i = 0; i < ROUNDS; i++) await admin.query(`DROP DATABASE bench_clone_${i}`);
  await admin.end();
  return [
    {
      strategy: 'claim a pre-cloned database (pool; what useIsolatedDatabase does)',
      ms: median(pooled),
      isolation: 'own committed database per file',
    },
    {
      strategy: 'CREATE DATABASE ... TEMPLATE (clone on demand)',
      ms: median(clone),
      isolation: 'own committed database per file',
    },
    { strategy: 'TRUNCATE all 12 tables', ms: median(truncate), isolation: 'shared database, serial files only' },
    {
      strategy: 'BEGIN ... ROLLBACK (rollbackTest fixture)',
      ms: median(rollback),
      isolation: 'one connection; the app under test cannot see the data',
    },
  ];
}

const bootRows = [
  await bootLocal('postgres', startLocalPostgres),
  await bootLocal('redis', startLocalRedis),
  await bootLocal('neo4j', startLocalNeo4j),
  ...(await bootContainers()),
];
let handles: LocalServerHandle<ServerInfo>[] = [];
const allThreeBoot = await timeMs(async () => {
  handles = await Promise.all([startLocalPostgres(), startLocalRedis(), startLocalNeo4j()]);
});
await Promise.all(handles.map((handle) => exercise(handle.info)));
const allThreePss = handles.reduce((sum, handle) => sum + treePssMiB(handle.state().pid), 0);
const strategies = await freshDatabaseStrategies(handles[0]!.info.url);
await Promise.all(handles.map((handle) => handle.stop()));

console.log(
  `\nServer boot (median of ${BOOTS}; ready = accepts queries) and memory (PSS of the process tree after a little work):\n`,
);
console.log('| server | provider | boot ms | memory MiB |\n| --- | --- | ---: | ---: |');
for (const row of bootRows) console.log(`| ${row.name} | ${row.provider} | ${fmt(row.boot)} | ${row.pss.toFixed(0)} |`);
console.log(`| all three, in parallel | local | ${fmt(allThreeBoot)} | ${allThreePss.toFixed(0)} |`);
console.log(`\nA fresh, isolated PostgreSQL database (median of ${ROUNDS}):\n`);
console.log('| strategy | ms | what a test gets |\n| --- | ---: | --- |');
for (const row of strategies) console.log(`| ${row.strategy} | ${fmt(row.ms)} | ${row.isolation} |`);
