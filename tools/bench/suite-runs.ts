/**
 * Running whole integration suites from a script, for bench:suites and flake-check: which
 * suites there are, one shared set of servers for them, and one suite's run with its wall
 * time, CPU time and per-test results (Vitest's JSON reporter).
 */
import { sharedServersEnv, startServers, type ServerKind } from '@realdeps/provisioning';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspace = fileURLToPath(new URL('../../', import.meta.url));
const nx = join(workspace, 'node_modules/nx/dist/bin/nx.js');
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

export interface Suite {
  name: string;
  root: string;
}

/** Every project with an `integration` target, as Nx infers them. */
export function integrationSuites(): Suite[] {
  const names = JSON.parse(
    execFileSync(process.execPath, [nx, 'show', 'projects', '--with-target', 'integration', '--json'], {
      cwd: workspace,
      encoding: 'utf8',
    }),
  ) as string[];
  return names.sort().map((name) => {
    const project = JSON.parse(
      execFileSync(process.execPath, [nx, 'show', 'project', name, '--json'], { cwd: workspace, encoding: 'utf8' }),
    ) as { root: string };
    return { name, root: join(workspace, project.root) };
  });
}

/** CPU seconds of every child this process has waited for, with their own waited-for children. */
export function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  // Fields 16 and 17 of /proc/<pid>/stat (cutime, cstime), in clock ticks of 1/100 s on Linux.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

export interface TimedCommand {
  code: number;
  wallS: number;
  /** CPU of the command and everything it waited for; servers it did not start are not in it. */
  cpuS: number;
  output: string;
}

/** Runs a command to its end, keeping its output; one command at a time, for its CPU time to be its own. */
export async function timed(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<TimedCommand> {
  const cpuBefore = childCpuSeconds();
  const started = performance.now();
  let output = '';
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.once('close', (exit) => resolve(exit ?? 1)));
  return { code, wallS: (performance.now() - started) / 1000, cpuS: childCpuSeconds() - cpuBefore, output };
}

export interface TestOutcome {
  name: string;
  status: string;
  message?: string;
}

export interface SuiteRun extends TimedCommand {
  tests: TestOutcome[];
}

/** One suite, by Vitest directly in its folder (its packages are built already), with extra CLI flags. */
export async function runSuite(suite: Suite, flags: string[], env: NodeJS.ProcessEnv): Promise<SuiteRun> {
  const dir = mkdtempSync(join(tmpdir(), 'suite-run-'));
  const report = join(dir, 'report.json');
  try {
    const run = await timed(
      process.execPath,
      [vitest, 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`, ...flags],
      suite.root,
      env,
    );
    return { ...run, tests: testOutcomes(suite, report, run) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface JsonReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

function testOutcomes(suite: Suite, report: string, run: TimedCommand): TestOutcome[] {
  let parsed: JsonReport;
  try {
    parsed = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
  } catch {
    // No report at all: the run died before Vitest wrote one (a failed global setup, a crash).
    return [{ name: `${suite.name} (the whole run)`, status: 'failed', message: run.output.slice(-2000) }];
  }
  return parsed.testResults.flatMap((file) => {
    const fileName = relative(suite.root, file.name);
    const tests = file.assertionResults.map((test) => ({
      name: `${suite.name} ${fileName} > ${test.fullName}`,
      status: test.status,
      message: test.failureMessages.join('\n') || undefined,
    }));
    // A file that failed outside its tests (an import, a hook) has a message and maybe no tests.
    return file.status === 'failed' && tests.every((test) => test.status !== 'failed')
      ? [...tests, { name: `${suite.name} ${fileName} (the file)`, status: 'failed', message: file.message }]
      : tests;
  });
}

/** One server of each kind for every suite; IT_PROVIDER (default local) picks where they come from. */
export async function startSharedServers(
  kinds: ServerKind[] = ['postgres', 'redis', 'neo4j'],
): Promise<{ env: NodeJS.ProcessEnv; stop: () => Promise<void> }> {
  const options = { env: { IT_PROVIDER: 'local', ...process.env, IT_REUSE: '0' }, log: () => undefined };
  const handles = await startServers(kinds, options, 'Could not start the servers for the suites');
  return {
    env: sharedServersEnv(handles, process.env) as NodeJS.ProcessEnv,
    stop: async () => void (await Promise.allSettled(handles.map((handle) => handle.stop()))),
  };
}

/** Runs `work` on each item, at most `limit` at a time, in order of the items. */
export async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
