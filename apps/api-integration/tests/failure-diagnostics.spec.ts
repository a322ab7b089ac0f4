import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('../fixtures/failing-on-purpose/', import.meta.url));
const vitestCli = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/** The fixture's run, on this run's servers (IT_PROVIDER and its URLs come through the environment). */
function runFailingFixture(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, [vitestCli, 'run', '--root', fixture], {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('a failing api test', () => {
  it('shows what it sent, what came back, the service log lines of that request and the servers', async () => {
    const { code, output } = await runFailingFixture();

    expect(code, output).toBe(1);
    expect(output).toContain('expected 400 to be 201');
    expect(output).not.toContain('"password":"x"');
    expect(output).toMatch(/What the service saw: The last request the service handled during this test:/);
    expect(output).toMatch(/POST \/auth\/register -> 400 application\/problem\+json; charset=utf-8 \(request [\w-]+\)/);
    expect(output).toMatch(/headers: .*authorization: \[redacted\]/);
    expect(output).not.toContain('a-secret-that-must-not-be-printed');
    expect(output).toContain('sent: {"email":"short-password@example.test","password":"[redacted]"}');
    expect(output).toMatch(/got: \{.*"status":400.*password/);
    expect(output).toMatch(/log: info request completed/);
    expect(output).toMatch(/servers: postgres \w+ postgres:\/\/\S+; redis \w+ redis:\/\/\S+ prefix /);
  });
});
