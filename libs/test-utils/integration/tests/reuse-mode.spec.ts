import { portAnswers } from '@realdeps/provisioning';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The package's bin, as an installed copy runs it.
const manifestPath = createRequire(import.meta.url).resolve('@realdeps/provisioning/package.json');
const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
const cli = join(dirname(manifestPath), bin['realdeps-servers']!);
// A cache of its own, so this test never touches the warm servers of the person running it.
const cache = mkdtempSync(join(tmpdir(), 'reuse-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

async function itServers(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, IT_CACHE_DIR: cache } });
}

describe('reuse mode (realdeps-servers start / stop)', () => {
  it('keeps a server warm after the process that started it exits, reuses it, and stops it on request', async () => {
    const first = await itServers('start', 'redis');
    const url = new URL(first.stdout.trim().replace('IT_REDIS_URL=', ''));
    const answeredAfterExit = await portAnswers(Number(url.port));

    const second = await itServers('start', 'redis');
    const stop = await itServers('stop');

    expect(first.stdout).toMatch(/^IT_REDIS_URL=redis:\/\/127\.0\.0\.1:\d+\n$/);
    expect(answeredAfterExit).toBe(true);
    expect(second.stdout).toBe(first.stdout);
    expect(stop.stderr).toContain(`stopped: redis (pid`);
    expect(await portAnswers(Number(url.port))).toBe(false);
  });
});
