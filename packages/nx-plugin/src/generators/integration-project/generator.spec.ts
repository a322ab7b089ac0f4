import { addProjectConfiguration, readJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { integrationProjectGenerator } from './generator.js';

let tree: Tree;

beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
  addProjectConfiguration(tree, 'billing', { root: 'apps/billing', tags: ['scope:billing', 'type:app'] });
  writeJson(tree, 'apps/billing/package.json', { name: '@acme/billing' });
});

describe('the integration-project generator', () => {
  it('adds <service>-integration next to the service, tagged and depending on it', async () => {
    const { root } = await integrationProjectGenerator(tree, { service: 'billing', servers: ['postgres', 'redis'] });

    expect(root).toBe('apps/billing-integration');
    expect(readJson(tree, 'apps/billing-integration/package.json')).toMatchObject({
      name: '@repo/billing-integration',
      devDependencies: { '@acme/billing': '*', '@realdeps/provisioning': '*', '@realdeps/isolation': '*' },
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
      'tsconfig.json',
      'vitest.config.ts',
    ]);
  });

  it('starts exactly the servers asked for, and hands their URLs to buildApp', async () => {
    await integrationProjectGenerator(tree, { service: 'billing', servers: ['redis', 'neo4j'] });

    expect(tree.read('apps/billing-integration/global-setup.ts', 'utf-8')).toContain(
      "setupServers({ servers: ['redis', 'neo4j'] })",
    );
    const support = tree.read('apps/billing-integration/support/service-under-test.ts', 'utf-8')!;
    expect(support).toContain("import { buildApp, parseConfig } from '@acme/billing';");
    expect(support).toContain('redisUrl: servers.redis!.url');
    expect(support).toContain('neo4jUrl: servers.neo4j!.url');
    expect(support).not.toContain('databaseUrl');
  });

  it('wires Vitest to the global setup and starts with one failing example spec (rule C-1)', async () => {
    await integrationProjectGenerator(tree, { service: 'billing' });

    expect(tree.read('apps/billing-integration/vitest.config.ts', 'utf-8')).toContain(
      "globalSetup: ['./global-setup.ts']",
    );
    expect(tree.read('apps/billing-integration/tests/example.spec.ts', 'utf-8')).toContain(
      "toEqual({ status: 'describe the answer you expect here' })",
    );
    expect(readJson(tree, 'apps/billing-integration/tsconfig.json')).toEqual({
      extends: '../../tsconfig.base.json',
      include: ['tests/**/*.ts', 'support/**/*.ts', '*.ts'],
    });
  });

  it('refuses an unknown service and an existing directory', async () => {
    await expect(integrationProjectGenerator(tree, { service: 'nope' })).rejects.toThrow(/nope/);
    await integrationProjectGenerator(tree, { service: 'billing' });
    await expect(integrationProjectGenerator(tree, { service: 'billing' })).rejects.toThrow(
      'apps/billing-integration already exists: choose another --directory.',
    );
  });
});
