import { addProjectConfiguration, readJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { integrationProjectGenerator } from './generator.js';

let tree: Tree;

beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
  addProjectConfiguration(tree, 'billing', { root: 'apps/billing', tags: ['scope:billing', 'type:app'] });
  writeJson(tree, 'apps/billing/package.json', {
    name: '@acme/billing',
    type: 'module',
    dependencies: { fastify: '5', pg: '8', ioredis: '6' },
  });
  tree.write(
    'apps/billing/src/app.ts',
    "export function parseConfig(input) {}\nexport async function buildApp(config) { app.get('/health/live', h); }",
  );
  tree.write('apps/billing/migrations/001_init.sql', 'CREATE TABLE invoices (id int);');
});

describe('the integration-project generator (realdeps init inside Nx)', () => {
  it('adds <service>-integration next to the service, tagged and depending on it', async () => {
    const { root } = await integrationProjectGenerator(tree, { service: 'billing' });

    expect(root).toBe('apps/billing-integration');
    expect(readJson(tree, 'apps/billing-integration/package.json')).toMatchObject({
      name: 'billing-integration',
      scripts: { integration: 'vitest run --config vitest.config.mts' },
      devDependencies: { '@realdeps/provisioning': '^0.1.0', '@realdeps/isolation': '^0.1.0', ioredis: '^6.1.0' },
      nx: {
        name: 'billing-integration',
        tags: ['scope:billing', 'type:integration'],
        implicitDependencies: ['billing'],
      },
    });
    expect(tree.children('apps/billing-integration').sort()).toEqual([
      'global-setup.ts',
      'package.json',
      'support',
      'tests',
      'vitest.config.mts',
    ]);
  });

  it('detects what init detects: the factory, the servers from the dependencies, the migrations', async () => {
    await integrationProjectGenerator(tree, { service: 'billing' });

    const setup = tree.read('apps/billing-integration/global-setup.ts', 'utf-8')!;
    expect(setup).toContain("servers: ['postgres', 'redis']");
    expect(setup).toContain("const migrations = fileURLToPath(new URL('../billing/migrations', import.meta.url));");
    const support = tree.read('apps/billing-integration/support/service-under-test.ts', 'utf-8')!;
    expect(support).toContain("import { buildApp, parseConfig } from '../../billing/src/app.js';");
    expect(support).toContain('redisUrl: servers.redis!.url');
    expect(tree.read('apps/billing-integration/tests/example.spec.ts', 'utf-8')).toContain(
      "await service.http.get('/health/live')",
    );
  });

  it('starts exactly the servers asked for', async () => {
    await integrationProjectGenerator(tree, { service: 'billing', servers: ['redis', 'neo4j'] });

    expect(tree.read('apps/billing-integration/global-setup.ts', 'utf-8')).toContain(
      "setupServers({ servers: ['redis', 'neo4j'] })",
    );
    const support = tree.read('apps/billing-integration/support/service-under-test.ts', 'utf-8')!;
    expect(support).toContain('neo4jUrl: servers.neo4j!.url');
    expect(support).not.toContain('databaseUrl');
  });

  it('refuses an unknown service and an existing directory', async () => {
    await expect(integrationProjectGenerator(tree, { service: 'nope' })).rejects.toThrow(/nope/);
    await integrationProjectGenerator(tree, { service: 'billing' });
    await expect(integrationProjectGenerator(tree, { service: 'billing' })).rejects.toThrow(
      'apps/billing-integration already exists: choose another --directory.',
    );
  });
});
