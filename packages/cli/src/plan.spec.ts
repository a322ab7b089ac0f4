import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DetectedService } from './detect.js';
import { planInit } from './plan.js';
import { toolkitVersions } from './versions.js';

const versions = toolkitVersions();
const base: DetectedService = {
  dir: '/work/billing',
  name: 'billing',
  commonjs: true,
  typescript: false,
  entry: 'src/app.js',
  style: 'env',
  appExport: 'app',
  servers: ['postgres', 'redis'],
  env: { postgres: 'BILLING_DB', redis: 'REDIS_URL', neo4j: 'NEO4J_URL' },
  migrations: { folder: 'drizzle', kind: 'drizzle', driver: 'node-postgres' },
  firstRoute: '/invoices',
  notes: [],
};

describe('planInit', () => {
  it('writes a folder suite and a test:integration script without Nx', () => {
    const plan = planInit(base, versions);

    expect(Object.keys(plan.files)).toEqual([
      'integration/vitest.config.mts',
      'integration/global-setup.ts',
      'integration/support/service-under-test.ts',
      'integration/tests/example.spec.ts',
    ]);
    expect(plan.scripts).toEqual({ 'test:integration': 'vitest run --config integration/vitest.config.mts' });
    expect(plan.devDependencies).toEqual({
      '@realdeps/isolation': `^${versions.toolkit}`,
      '@realdeps/provisioning': `^${versions.toolkit}`,
      ioredis: versions.ioredis,
      supertest: versions.supertest,
      vitest: versions.vitest,
    });
    expect(plan.files['integration/global-setup.ts']).toContain(
      "const migrations = fileURLToPath(new URL('../drizzle', import.meta.url));",
    );
    expect(plan.files['integration/global-setup.ts']).toContain(
      "migrate: drizzleMigrator(migrations, 'node-postgres'),",
    );
  });

  it('sets the variables the service reads, then imports it (env style)', () => {
    const support = planInit(base, versions).files['integration/support/service-under-test.ts']!;

    expect(support).toContain('process.env.BILLING_DB = database.url;\n  process.env.REDIS_URL = servers.redis!.url;');
    expect(support).toContain("await import('../../src/app.js')");
    // Imported afresh by each file, with that file's database in the variables.
    expect(planInit(base, versions).files['integration/vitest.config.mts']).toContain(
      'defineIntegrationConfig({ root: import.meta.dirname, test: { isolate: true } })',
    );
    expect(
      planInit({ ...base, style: 'factory', factory: { name: 'buildApp' } }, versions).files[
        'integration/vitest.config.mts'
      ],
    ).toContain('defineIntegrationConfig({ root: import.meta.dirname })');
  });

  it('passes the URLs to buildApp through parseConfig (factory style), importing a .ts entry as .js', () => {
    const service = {
      ...base,
      entry: 'src/app.ts',
      style: 'factory' as const,
      factory: { name: 'buildApp', parseConfig: 'parseConfig' },
    };

    const support = planInit(service, versions).files['integration/support/service-under-test.ts']!;

    expect(support).toContain("import { buildApp, parseConfig } from '../../src/app.js';");
    expect(support).toContain('const app = await buildApp(parseConfig(config));');
    expect(support).toContain('databaseUrl: database.url,\n    redisUrl: servers.redis!.url,');
  });

  it('makes a project of its own next to the service in an Nx workspace', () => {
    const plan = planInit(base, versions, { nx: true });

    expect(plan.manifest).toBe('../billing-integration/package.json');
    expect(plan.nxProject).toEqual({
      name: 'billing-integration',
      tags: ['type:integration'],
      implicitDependencies: ['billing'],
    });
    expect(plan.scripts).toEqual({ integration: 'vitest run --config vitest.config.mts' });
    expect(plan.files['../billing-integration/support/service-under-test.ts']).toContain(
      "await import('../../billing/src/app.js')",
    );
  });

  it('a first spec that fails until the service is specified', () => {
    const spec = planInit(base, versions).files['integration/tests/example.spec.ts']!;

    expect(spec).toContain("await service.http.get('/invoices')");
    expect(spec).toContain("toEqual({ describe: 'the answer you expect here' })");
  });
});

describe('toolkitVersions', () => {
  const manifest = (path: string) =>
    JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as {
      version: string;
      devDependencies: Record<string, string>;
    };

  it('are the versions this repo runs its own suites on', () => {
    const isolation = manifest('../../isolation/package.json');
    expect(versions).toEqual({
      toolkit: isolation.version,
      vitest: `^${manifest('../../../package.json').devDependencies.vitest}`,
      supertest: `^${manifest('../../../apps/api-integration/package.json').devDependencies.supertest}`,
      '@types/supertest': `^${manifest('../../http-testing/package.json').devDependencies['@types/supertest']}`,
      ioredis: `^${isolation.devDependencies.ioredis}`,
      'neo4j-driver': `^${isolation.devDependencies['neo4j-driver']}`,
    });
  });
});
