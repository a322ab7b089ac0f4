/**
 * Determinism check: every integration suite FLAKE_RUNS times (10), each time in a new random
 * order (`--sequence.shuffle` with a new seed), two suites at a time on one shared set of
 * servers as `npm run integration` runs them. Prints each test that failed at least once, with
 * how often and the seeds that reproduce it; exits 1 if any did.
 *
 *   npm run flake-check
 *   FLAKE_RUNS=3 FLAKE_SUITES=api-integration,memory-integration npm run flake-check
 */
import { randomInt } from 'node:crypto';
import { inPool, integrationSuites, runSuite, startSharedServers, type Suite } from '../bench/suite-runs.js';

const RUNS = Number(process.env.FLAKE_RUNS ?? 10);
const only = process.env.FLAKE_SUITES?.split(',').filter(Boolean);
const suites = integrationSuites().filter((suite) => !only || only.includes(suite.name));
if (only && suites.length !== only.length) {
  throw new Error(`FLAKE_SUITES names a project without an integration target: ${only.join(', ')}`);
}

const failures = new Map<string, { seeds: number[]; message?: string }>();
let testRuns = 0;
const servers = await startSharedServers();
try {
  for (let run = 1; run <= RUNS; run++) {
    const started = performance.now();
    await inPool(suites, 2, async (suite: Suite) => {
      const seed = randomInt(1, 2 ** 31);
      const result = await runSuite(suite, ['--sequence.shuffle', `--sequence.seed=${seed}`], servers.env);
      testRuns += result.tests.length;
      for (const test of result.tests.filter((each) => each.status === 'failed')) {
        const seen = failures.get(test.name) ?? { seeds: [], message: test.message };
        seen.seeds.push(seed);
        failures.set(test.name, seen);
      }
    });
    console.error(
      `run ${run}/${RUNS}: ${((performance.now() - started) / 1000).toFixed(0)} s, ${failures.size} failing so far`,
    );
  }
} finally {
  await servers.stop();
}

console.log(
  `\n${suites.length} suites x ${RUNS} shuffled runs: ${testRuns} test runs, ${failures.size} tests failed at least once.`,
);
if (failures.size > 0) {
  console.log('\n| test | failed | seeds (`npx vitest run --sequence.shuffle --sequence.seed=<seed>` in its folder) |');
  console.log('| --- | ---: | --- |');
  for (const [name, { seeds }] of failures) console.log(`| ${name} | ${seeds.length}/${RUNS} | ${seeds.join(', ')} |`);
  for (const [name, { message }] of failures) console.log(`\n${name}\n${(message ?? '').slice(0, 1500)}`);
  process.exitCode = 1;
}
