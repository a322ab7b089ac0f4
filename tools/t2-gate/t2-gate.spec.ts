import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const gate = fileURLToPath(new URL('./t2-gate.ts', import.meta.url));
const tsx = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'cli.mjs');
const repos: string[] = [];
afterEach(() => repos.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A repository with one commit on main, then a branch with `commit` applied. */
function branchWith(files: string[], message: string): string {
  const dir = mkdtempSync(join(tmpdir(), 't2-gate-'));
  repos.push(dir);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
  const write = (file: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), `${file} ${Math.random()}\n`);
  };
  git('init', '-q', '-b', 'main');
  write('README.md');
  git('add', '-A');
  git('commit', '-qm', 'start');
  git('switch', '-qc', 'change');
  files.forEach(write);
  git('add', '-A');
  git('commit', '-qm', message);
  return dir;
}

function runGate(dir: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NX_')));
  const run = spawnSync(process.execPath, [tsx, gate, 'main', 'HEAD'], { cwd: dir, encoding: 'utf8', env });
  return { code: run.status, output: run.stdout + run.stderr };
}

describe('npm run t2-gate, on the commits of a branch', () => {
  it('fails a route change without a test, naming the rule, the file and the escape', () => {
    const { code, output } = runGate(branchWith(['apps/api/src/notes/routes.ts'], 'notes: a new filter'));
    expect(code).toBe(1);
    expect(output).toContain('T-2 failed: an API change comes with integration tests');
    expect(output).toContain(
      'api: apps/api/src/notes/routes.ts changed, and no test under apps/api-integration/tests/',
    );
    expect(output).toContain('T-2-Exempt: <why no test changes>');
  });

  it('passes the same change with a test of its suite', () => {
    const dir = branchWith(['apps/api/src/notes/routes.ts', 'apps/api-integration/tests/notes.spec.ts'], 'notes');
    expect(runGate(dir)).toMatchObject({ code: 0, output: expect.stringContaining('T-2 passed: 2 changed files') });
  });

  it('passes a refactor whose commit carries the trailer, and says so', () => {
    const dir = branchWith(
      ['apps/api/src/notes/routes.ts'],
      'notes: split a function\n\nT-2-Exempt: no behaviour change',
    );
    expect(runGate(dir)).toMatchObject({
      code: 0,
      output: expect.stringContaining('T-2 waived by a commit\'s trailer "T-2-Exempt: no behaviour change"'),
    });
  });
});
