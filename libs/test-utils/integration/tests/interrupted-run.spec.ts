import { cacheDir, portAnswers, waitFor, type ServerInfo } from '@realdeps/provisioning';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('../fixtures/interrupted-run/', import.meta.url));
const vitestCli = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

interface FixtureRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  marker: string;
  /** The run's own TMPDIR: every server directory it makes lands here. */
  tmp: string;
}

const runs: FixtureRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) {
    run.child.kill('SIGKILL');
    rmSync(run.tmp, { recursive: true, force: true });
  }
});

function startFixtureRun(env: Record<string, string>): FixtureRun {
  const tmp = mkdtempSync(join(tmpdir(), 'fixture-run-'));
  chmodSync(tmp, 0o755); // the local PostgreSQL runs as the postgres user and must reach it
  const marker = join(tmp, 'servers.json');
  let output = '';
  const child = spawn(process.execPath, [vitestCli, 'run', '--root', fixture], {
    env: {
      ...process.env,
      // These tests are about the processes the local provider starts, whatever this run uses.
      IT_PROVIDER: 'local',
      IT_REUSE: '0',
      TMPDIR: tmp,
      IT_CACHE_DIR: cacheDir(),
      FIXTURE_MARKER: marker,
      ...env,
    },
    // Its own process group, so "Ctrl-C" can go to the whole group as a terminal sends it.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const run = { child, output: () => output, exited, marker, tmp };
  runs.push(run);
  return run;
}

/** Processes whose command line mentions the run's TMPDIR: servers it started there. */
function processesUsing(dir: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return cmdline.includes(dir) ? [`${pid}: ${cmdline}`] : [];
      } catch {
        return [];
      }
    });
}

/**
 * How long after the runner exits a server process may still run. A Neo4j shutting down cleanly
 * while it writes takes longer (733-962 ms measured here, seconds on a loaded machine); killed, it
 * is gone in under 100 ms.
 */
const PROCESSES_GONE_WITHIN_MS = 500;
/** How long the reaper may then take to delete the servers' directories (1.3-2.2 s measured). */
const DIRECTORIES_GONE_WITHIN_MS = 5_000;

const interruptions = [
  {
    name: 'Ctrl-C (SIGINT to the whole process group)',
    interrupt: (child: ChildProcess) => process.kill(-child.pid!, 'SIGINT'),
  },
  { name: 'SIGINT to the runner alone', interrupt: (child: ChildProcess) => child.kill('SIGINT') },
  { name: 'a crash of the runner (SIGKILL)', interrupt: (child: ChildProcess) => child.kill('SIGKILL') },
];

describe('a run that is interrupted', () => {
  it.each(interruptions)('leaves no server process and no temp directory after $name', async ({ interrupt }) => {
    const run = startFixtureRun({});
    const servers = await waitFor(
      `the fixture run to start its servers (output so far: ${run.output()})`,
      90_000,
      () =>
        existsSync(run.marker)
          ? (JSON.parse(readFileSync(run.marker, 'utf8')) as Record<string, ServerInfo>)
          : undefined,
    );
    const ports = Object.values(servers).map((server) => server.port);
    const serverDirs = () => readdirSync(run.tmp).filter((name) => name.startsWith('it-'));
    expect(ports).toHaveLength(3);
    expect(serverDirs()).toHaveLength(3);

    interrupt(run.child);
    await run.exited;
    // A user pressing Ctrl-C expects the servers gone with the command, not seconds later.
    await waitFor('every server process to end', PROCESSES_GONE_WITHIN_MS, () =>
      processesUsing(run.tmp).length === 0 ? true : undefined,
    );
    await waitFor('the server directories to be removed', DIRECTORIES_GONE_WITHIN_MS, () =>
      serverDirs().length === 0 ? true : undefined,
    );
    const answering = await Promise.all(ports.map((port) => portAnswers(port)));
    expect(answering).toEqual(ports.map(() => false));
  });
});

describe('a run that cannot get its servers', () => {
  it('fails with the reason instead of skipping', async () => {
    const run = startFixtureRun({
      PATH: join(tmpdir(), 'no-such-dir'),
      FIXTURE_SERVERS: 'redis',
      IT_PROVIDER: 'local',
    });

    const code = await run.exited;

    expect(code).not.toBe(0);
    expect(run.output()).toContain('Could not provision the servers this suite needs');
    expect(run.output()).toContain('redis-server not found on PATH: install it (apt-get install redis-server)');
    expect(run.output()).not.toMatch(/skipped/i);
    expect(existsSync(run.marker)).toBe(false);
  });
});
