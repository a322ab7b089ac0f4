import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { installOffline, run, type Tarball } from '../support/offline-install.js';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));
const outsideServices = fileURLToPath(new URL('../outside-services/', import.meta.url));
// Outside the workspace: nothing resolves to the workspace's node_modules or its symlinks.
const sandbox = mkdtempSync(join(tmpdir(), 'adoption-'));
afterAll(() => (process.env.KEEP_SANDBOX ? undefined : rmSync(sandbox, { recursive: true, force: true })));

const TOOLKIT = ['provisioning', 'isolation', 'cli'];
const tarballs: Record<string, Tarball> = {};

beforeAll(async () => {
  for (const name of TOOLKIT) {
    const packed = await run(join(packagesDir, name), 'npm', ['pack', '--pack-destination', sandbox, '--json']);
    expect(packed.code, packed.output).toBe(0);
    const [{ filename }] = JSON.parse(packed.output.slice(packed.output.indexOf('['))) as [{ filename: string }];
    tarballs[`@realdeps/${name}`] = {
      file: join(sandbox, filename),
      manifest: join(packagesDir, name, 'package.json'),
    };
  }
});

/** The servers of this run, given to the outside suite as an external lane gives them. */
function externalServers() {
  const servers = inject('servers');
  return {
    IT_PROVIDER: 'external',
    IT_POSTGRES_URL: servers.postgres!.url,
    IT_REDIS_URL: servers.redis!.url,
    NO_COLOR: '1',
  };
}

/** What a person does: install the toolkit, init, run (red), write specs, run (green). */
async function adopt(service: string, expectInit: RegExp) {
  const dir = join(sandbox, service);
  cpSync(join(outsideServices, service), dir, { recursive: true, filter: (path) => !path.includes('written-specs') });
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { devDependencies?: Record<string, string> };
  // What `npm install --save-dev <tarballs>` writes.
  manifest.devDependencies = Object.fromEntries(
    Object.entries(tarballs).map(([name, { file }]) => [name, `file:${file}`]),
  );
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

  const installed = await installOffline(dir, tarballs, 'ci');
  expect(installed.code, installed.output).toBe(0);
  const init = await run(dir, join(dir, 'node_modules', '.bin', 'realdeps'), ['init']);
  expect(init.code, init.output).toBe(0);
  expect(init.output).toMatch(expectInit);
  const reinstalled = await installOffline(dir, tarballs, 'install');
  expect(reinstalled.code, reinstalled.output).toBe(0);

  const red = await run(dir, 'npm', ['run', 'test:integration'], externalServers());
  expect(red.code, red.output).not.toBe(0);
  expect(red.output).toContain('the answer you expect here');

  rmSync(join(dir, 'integration', 'tests', 'example.spec.ts'));
  cpSync(join(outsideServices, service, 'written-specs'), join(dir, 'integration', 'tests'), { recursive: true });
  const green = await run(dir, 'npm', ['run', 'test:integration'], externalServers());
  expect(green.code, green.output).toBe(0);
  return green.output;
}

describe('the toolkit installed from its tarballs into an outside service, offline', () => {
  it('a CommonJS Fastify + drizzle service configured from environment variables at import', async () => {
    const output = await adopt(
      'billing-cjs-env',
      /billing: env \(DATABASE_URL\), then import from src\/app\.js; servers postgres; migrations drizzle \(drizzle\)/,
    );

    // Two files each see only the invoice they created: a database of each file's own.
    expect(output).toMatch(/Tests\s+2 passed/);
  });

  it('an ESM service exporting buildApp(config), with plain SQL migrations and Redis', async () => {
    const output = await adopt(
      'visits-esm-sql',
      /visits: buildApp\(config\) from src\/app\.js; servers postgres, redis; migrations migrations \(sql\)/,
    );

    expect(output).toMatch(/Tests\s+1 passed/);
  });
});
