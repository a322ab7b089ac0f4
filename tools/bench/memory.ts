/**
 * memory traversal benchmark: median and p95 time of the neighbours query at depth 1, 2 and
 * 3, and of shortest path, on a generated graph in a real Neo4j (local provider unless
 * IT_PROVIDER says otherwise). Prints a Markdown table for tools/bench/README.md.
 *
 *   npm run bench:memory                          # 2000 entities, 3000 relations, 100 queries each
 *   BENCH_ENTITIES=5000 BENCH_RELATIONS=10000 npm run bench:memory
 */
import { startNeo4j } from '@realdeps/provisioning';
import { faker, randomGraph } from '@repo/factories';
import { createGraphRepository, createNeo4jDriver, ensureGraphSchema } from '@repo/memory';
import { fmt, median, timeMs } from './stats.js';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 2000);
const RELATIONS = Number(process.env.BENCH_RELATIONS ?? 3000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 100);
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

const server = await startNeo4j();
const driver = createNeo4jDriver({
  url: server.info.url,
  user: server.info.user,
  password: server.info.password,
  timeoutMs: 10_000,
});
try {
  await ensureGraphSchema(driver);
  const graph = createGraphRepository(driver, { queryTimeoutMs: 5000 });
  const namespace = `bench_${Date.now()}`;
  const data = randomGraph(ENTITIES, RELATIONS);
  const load = await timeMs(async () => {
    for (let i = 0; i < data.entities.length; i += 1000)
      await graph.createEntities(namespace, data.entities.slice(i, i + 1000));
    for (let i = 0; i < data.relations.length; i += 1000)
      await graph.createRelations(namespace, data.relations.slice(i, i + 1000));
  });
  const names = () => faker.helpers.arrayElement(data.entities).name;
  // Warm the query plans and the JIT before measuring.
  for (let i = 0; i < 20; i++)
    for (const depth of [1, 2, 3] as const) await graph.neighbours(namespace, names(), depth, 1000);

  const rows: string[] = [];
  for (const depth of [1, 2, 3] as const) {
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < QUERIES; i++)
      times.push(await timeMs(async () => (found += (await graph.neighbours(namespace, names(), depth, 1000)).length)));
    rows.push(
      `| neighbours, depth ${depth} | ${fmt(median(times))} | ${fmt(percentile(times, 0.95))} | ${(found / QUERIES).toFixed(0)} |`,
    );
  }
  const paths: number[] = [];
  for (let i = 0; i < QUERIES; i++) paths.push(await timeMs(() => graph.shortestPath(namespace, names(), names())));
  rows.push(`| shortest path | ${fmt(median(paths))} | ${fmt(percentile(paths, 0.95))} | |`);
  await driver.executeQuery('MATCH (e:Entity {namespace: $namespace}) DETACH DELETE e', { namespace });

  console.log(
    `\nmemory on Neo4j (${server.info.provider}), ${ENTITIES} entities, ${RELATIONS} relations (loaded in ${fmt(load)} ms), ${QUERIES} queries each:\n`,
  );
  console.log('| query | median ms | p95 ms | entities returned (mean) |\n| --- | ---: | ---: | ---: |');
  console.log(rows.join('\n'));
} finally {
  await driver.close();
  await server.stop();
}
