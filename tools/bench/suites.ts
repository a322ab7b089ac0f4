/**
 * Suites benchmark: the whole main job cold (fresh servers, as `npm run integration` starts
 * them) and warm (servers already up), then each suite alone on warm servers, with wall time,
 * tests per second and CPU seconds per test. Medians of BENCH_RUNS runs (3), as Markdown
 * tables for tools/bench/README.md. Packages must be built (npm ci does it).
 *
 *   npm run bench:suites
 *   BENCH_RUNS=1 npm run bench:suites
 *
 * CPU is that of the test runners and everything they wait for (servers a suite starts itself
 * included); in the warm rows the shared servers' own CPU is not counted, in the cold row it is.
 */
import { median } from './stats.js';
import { integrationSuites, runSuite, startSharedServers, timed, workspace, type TimedCommand } from './suite-runs.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/**
 * Every suite afresh (no cached result), but not its build dependencies: npm ci built the
 * packages, and a rebuild of every library is not the main job a user runs.
 */
const rerun = ['--skip-nx-cache', '--exclude-task-dependencies'];
const nxArgs = ['nx', 'run-many', '-t', 'integration', '--parallel=2', ...rerun, '--output-style=static'];

function mustPass(what: string, run: TimedCommand): TimedCommand {
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}):\n${run.output.slice(-4000)}`);
  return run;
}

const suites = integrationSuites();
const cold: TimedCommand[] = [];
for (let i = 0; i < RUNS; i++) {
  const env = { ...process.env, IT_PROVIDER: process.env.IT_PROVIDER ?? 'local', IT_REUSE: '0' };
  cold.push(
    mustPass('npm run integration', await timed(npm, ['run', '-s', 'integration', '--', ...rerun], workspace, env)),
  );
  console.error(`cold run ${i + 1}: ${cold.at(-1)!.wallS.toFixed(1)} s`);
}

const servers = await startSharedServers();
const warm: TimedCommand[] = [];
const perSuite = new Map<string, { wallS: number[]; cpuS: number[]; tests: number }>();
try {
  for (let i = 0; i < RUNS; i++) {
    const run = mustPass('the warm run', await timed('npx', nxArgs, workspace, servers.env));
    warm.push(run);
    console.error(`warm run ${i + 1}: ${run.wallS.toFixed(1)} s`);
  }
  for (const suite of suites) {
    const row = { wallS: [] as number[], cpuS: [] as number[], tests: 0 };
    for (let i = 0; i < RUNS; i++) {
      const run = await runSuite(suite, [], servers.env);
      mustPass(suite.name, run);
      row.wallS.push(run.wallS);
      row.cpuS.push(run.cpuS);
      row.tests = run.tests.length;
    }
    perSuite.set(suite.name, row);
    console.error(`${suite.name}: ${median(row.wallS).toFixed(1)} s`);
  }
} finally {
  await servers.stop();
}

const tests = [...perSuite.values()].reduce((sum, row) => sum + row.tests, 0);
const wall = (runs: TimedCommand[]) => median(runs.map((run) => run.wallS));
const cpu = (runs: TimedCommand[]) => median(runs.map((run) => run.cpuS));
const s = (value: number) => value.toFixed(1);

console.log(`\nWhole main job (npm run integration, ${suites.length} suites, ${tests} tests), median of ${RUNS}:\n`);
console.log('| run | wall s | CPU-s | tests/s | CPU-s per test |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, runs] of [
  ['cold: servers started by the run', cold],
  ['warm: servers already up', warm],
] as const) {
  console.log(
    `| ${name} | ${s(wall(runs))} | ${s(cpu(runs))} | ${s(tests / wall(runs))} | ${(cpu(runs) / tests).toFixed(2)} |`,
  );
}
console.log(`\nEach suite alone on warm servers, median of ${RUNS}:\n`);
console.log('| suite | tests | wall s | tests/s | CPU-s | CPU-s per test |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [name, row] of perSuite) {
  const [w, c] = [median(row.wallS), median(row.cpuS)];
  console.log(`| ${name} | ${row.tests} | ${s(w)} | ${s(row.tests / w)} | ${s(c)} | ${(c / row.tests).toFixed(2)} |`);
}
