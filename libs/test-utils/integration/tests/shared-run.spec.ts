import { portAnswers } from '@realdeps/provisioning';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The package's bin, as an installed copy runs it.
const manifestPath = createRequire(import.meta.url).resolve('@realdeps/provisioning/package.json');
const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
const cli = join(dirname(manifestPath), bin['realdeps-servers']!);

/** Runs `realdeps-servers run redis -- node -e <script>`; resolves with the exit code, never rejects. */
async function runShared(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [cli, 'run', 'redis', '--', process.execPath, '-e', script],
      // Local here whatever this run uses: the test is about the server this command starts.
      { env: { ...process.env, IT_PROVIDER: 'local', IT_REUSE: '0' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const printEnv = `console.log(JSON.stringify({
  provider: process.env.IT_PROVIDER, url: process.env.IT_REDIS_URL, sharedBy: process.env.IT_SERVERS_SHARED_BY }))`;

describe('realdeps-servers run (one set of servers for every suite of a run)', () => {
  it('gives the command the running server as an external one, then stops it', async () => {
    const run = await runShared(
      `${printEnv}; const net = require('node:net');
       const url = new URL(process.env.IT_REDIS_URL);
       net.connect(Number(url.port), url.hostname).once('connect', () => process.exit(0)).once('error', () => process.exit(3));`,
    );
    const seen = JSON.parse(run.stdout.trim()) as { provider: string; url: string; sharedBy: string };

    expect(run.code, run.stderr).toBe(0);
    expect(seen).toMatchObject({ provider: 'external', sharedBy: 'redis (local)' });
    expect(seen.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(run.stderr).toContain('[provisioning] shared by every suite of this run');
    expect(await portAnswers(Number(new URL(seen.url).port))).toBe(false);
  });

  it("exits with the command's code, so a failing suite fails the run, and still stops the server", async () => {
    const run = await runShared(`${printEnv}; process.exit(7)`);
    const { url } = JSON.parse(run.stdout.trim()) as { url: string };

    expect(run.code).toBe(7);
    expect(await portAnswers(Number(new URL(url).port))).toBe(false);
  });
});
