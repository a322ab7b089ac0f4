import { generateFiles, readJson, readProjectConfiguration, type Tree } from '@nx/devkit';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServerKind = 'postgres' | 'redis' | 'neo4j';

export interface IntegrationProjectOptions {
  service: string;
  servers?: ServerKind[];
  directory?: string;
}

const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), 'files');

/**
 * Adds `<service>-integration`: Vitest wired to the shared global setup (the servers it asks
 * for, started once per run), tags and an implicit dependency on the service, a supertest
 * helper bound to the service's `buildApp`, and one failing example spec to start from
 * (rule C-1: the stub and the failing test come first, then the implementation).
 */
export async function integrationProjectGenerator(
  tree: Tree,
  options: IntegrationProjectOptions,
): Promise<{ root: string }> {
  const service = readProjectConfiguration(tree, options.service);
  const servers = [...new Set(options.servers ?? ['postgres'])];
  const root = options.directory ?? join(dirname(service.root), `${options.service}-integration`);
  if (tree.exists(join(root, 'package.json'))) throw new Error(`${root} already exists: choose another --directory.`);
  const servicePackage = readJson<{ name: string }>(tree, join(service.root, 'package.json')).name;
  const scope = (service.tags ?? []).find((tag) => tag.startsWith('scope:')) ?? `scope:${options.service}`;
  const toRoot = relative(root, '.') || '.';

  generateFiles(tree, TEMPLATES, root, {
    tmpl: '',
    project: `${options.service}-integration`,
    service: options.service,
    servicePackage,
    scope,
    servers,
    toRoot,
    has: (kind: ServerKind) => servers.includes(kind),
  });
  return { root };
}

/** The entry Nx calls: a generator returns nothing (or a follow-up task), not data. */
export default async function (tree: Tree, options: IntegrationProjectOptions): Promise<void> {
  await integrationProjectGenerator(tree, options);
}
