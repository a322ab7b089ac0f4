/**
 * memory benchmark on a real Neo4j (local provider unless IT_PROVIDER says otherwise), printed
 * as Markdown tables for tools/bench/README.md:
 * - traversal: median and p95 time of the neighbours query at depth 1, 2 and 3, and of shortest
 *   path, on a generated graph;
 * - recall: embedding throughput (entities a second, through the embedding job and the fake
 *   embeddings API over HTTP) and median and p95 of semantic and hybrid search, per namespace size.
 *
 *   npm run bench:memory      # 2000 entities, 3000 relations; recall at 2000 and 10000; 100 queries each
 *   BENCH_ENTITIES=5000 BENCH_RELATIONS=10000 BENCH_RECALL_SIZES=1000,20000 npm run bench:memory
 */
import { DEFAULT_LEXICON, startFakeEmbeddings } from '@realdeps/fakes';
import { startNeo4j } from '@realdeps/provisioning';
import { entityFactory, faker, randomGraph } from '@repo/factories';
import {
  createEmbeddingJob,
  createEmbeddingsClient,
  createGraphRepository,
  createNeo4jDriver,
  createSemanticSearch,
  ensureEmbeddingSchema,
  ensureGraphSchema,
} from '@repo/memory';
import type { FastifyBaseLogger } from 'fastify';
import { fmt, median, timeMs } from './stats.js';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 2000);
const RELATIONS = Number(process.env.BENCH_RELATIONS ?? 3000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 100);
const RECALL_SIZES = (process.env.BENCH_RECALL_SIZES ?? '2000,10000').split(',').map(Number);
const DIMENSIONS = 64;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

const server = await startNeo4j();
const driver = createNeo4jDriver({
  url: server.info.url,
  user: server.info.user,
  password: server.info.password,
  timeoutMs: 10_000,
});
const words = Object.values(DEFAULT_LEXICON).flat();
const sentence = () => faker.helpers.arrayElements(words, { min: 2, max: 5 }).join(' ');
const silent = { warn: () => undefined } as unknown as FastifyBaseLogger;

/** One namespace of `size` entities: embedded by the job, then searched by meaning and hybrid. */
async function recallRow(size: number): Promise<string> {
  const embeddings = await startFakeEmbeddings({ dimensions: DIMENSIONS });
  const client = createEmbeddingsClient({ url: embeddings.url, apiKey: '', model: 'bench', dimensions: DIMENSIONS });
  const namespace = `bench_recall_${Date.now()}`;
  try {
    const graph = createGraphRepository(driver, { queryTimeoutMs: 30_000 });
    const entities = entityFactory
      .buildList(size)
      .map((entity) => ({ ...entity, observations: [sentence(), sentence()] }));
    for (let i = 0; i < entities.length; i += 1000) await graph.createEntities(namespace, entities.slice(i, i + 1000));
    const job = createEmbeddingJob({
      driver,
      embeddings: client,
      batchSize: 256,
      pollMs: 10,
      timeoutMs: 30_000,
      retryBaseMs: 100,
      retryMaxMs: 1000,
      orphanAfterMs: 0,
      log: silent,
    });
    let embedded = 0;
    const embedding = await timeMs(async () => {
      for (let took = -1; took !== 0;) embedded += took = await job.runOnce();
    });
    const search = createSemanticSearch({ driver, embeddings: client, queryTimeoutMs: 5000, neo4jTimeoutMs: 30_000 });
    const timed = async (hybrid: boolean) => {
      const query = { limit: 10, minSimilarity: 0.3, hybrid, semanticWeight: 0.7 };
      for (let i = 0; i < 10; i++) await search(namespace, { ...query, query: sentence() });
      const times: number[] = [];
      for (let i = 0; i < QUERIES; i++)
        times.push(await timeMs(() => search(namespace, { ...query, query: sentence() })));
      return [median(times), percentile(times, 0.95)].map(fmt).join(' | ');
    };
    return `| ${size} | ${((embedded / embedding) * 1000).toFixed(0)} | ${await timed(false)} | ${await timed(true)} |`;
  } finally {
    await driver.executeQuery('MATCH (e:Entity {namespace: $namespace}) DETACH DELETE e', { namespace });
    await embeddings.stop();
  }
}

try {
  await ensureGraphSchema(driver);
  await ensureEmbeddingSchema(driver, DIMENSIONS);
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

  console.log(
    `\nrecall by meaning (${DIMENSIONS} dimensions, the fake embeddings API over HTTP, batches of 256), ${QUERIES} queries each:\n`,
  );
  console.log(
    '| entities in the namespace | embedded per second | semantic median ms | semantic p95 ms | hybrid median ms | hybrid p95 ms |\n| ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const size of RECALL_SIZES) console.log(await recallRow(size));
} finally {
  await driver.close();
  await server.stop();
}
