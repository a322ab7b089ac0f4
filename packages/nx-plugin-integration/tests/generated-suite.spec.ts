import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const workspace = fileURLToPath(new URL('../../../', import.meta.url));
const directory = `tmp/generated-${Math.random().toString(36).slice(2, 8)}`;
const generated = join(workspace, directory);
const vitestCli = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
afterAll(() => rmSync(generated, { recursive: true, force: true }));

async function run(file: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [file, ...args], {
      cwd: workspace,
      env: { ...process.env, NX_DAEMON: 'false' },
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('nx g @repo/nx-plugin:integration-project, then the generated suite', () => {
  it('generates a suite that runs against the real service and Redis: red first, green once the spec is written', async () => {
    const generation = await run(join(workspace, 'node_modules/nx/dist/bin/nx.js'), [
      'g',
      '@repo/nx-plugin:integration-project',
      '--service=example-service',
      '--servers=redis',
      `--directory=${directory}`,
      '--no-interactive',
    ]);
    expect(generation.code, generation.output).toBe(0);

    const red = await run(vitestCli, ['run', '--root', generated]);
    expect(red.code, red.output).not.toBe(0);
    expect(red.output).toContain('the answer you expect here');
    expect(red.output).toContain('[provisioning] redis:');

    const spec = join(generated, 'tests/example.spec.ts');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace("{ describe: 'the answer you expect here' }", "{ status: 'ok' }"),
    );
    const green = await run(vitestCli, ['run', '--root', generated]);
    expect(green.code, green.output).toBe(0);
    expect(green.output).toMatch(/1 passed/);
  });
});
