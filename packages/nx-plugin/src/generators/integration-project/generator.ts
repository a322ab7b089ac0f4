import { readProjectConfiguration, writeJson, type Tree } from '@nx/devkit';
import { detectService, planInit, toolkitVersions, type ServerKind, type ServiceFiles } from '@realdeps/cli';
import { dirname, join, relative } from 'node:path';

export type { ServerKind };

export interface IntegrationProjectOptions {
  service: string;
  /** Default: the servers whose clients the service depends on. */
  servers?: ServerKind[];
  directory?: string;
  entry?: string;
}

/** `realdeps init` reads the disk; here it reads the generator's tree (which is the disk plus pending changes). */
function treeFiles(tree: Tree): ServiceFiles {
  return {
    exists: (path) => tree.exists(path),
    read: (path) => tree.read(path, 'utf-8') ?? '',
    isDirectory: (path) => tree.exists(path) && !tree.isFile(path),
    list: (dir) => tree.children(dir),
  };
}

/**
 * Adds `<service>-integration` with the same code as `npx @realdeps/cli init` (detection and the
 * files it writes), as an Nx project: tags (the service's scope and type:integration) and an
 * implicit dependency on the service, so `nx affected -t integration` picks it.
 */
export async function integrationProjectGenerator(
  tree: Tree,
  options: IntegrationProjectOptions,
): Promise<{ root: string }> {
  const project = readProjectConfiguration(tree, options.service);
  const root = options.directory ?? join(dirname(project.root), `${options.service}-integration`);
  if (tree.exists(join(root, 'package.json'))) throw new Error(`${root} already exists: choose another --directory.`);
  const service = detectService(
    project.root,
    {
      ...(options.servers ? { servers: [...new Set(options.servers)] } : {}),
      ...(options.entry ? { entry: options.entry } : {}),
    },
    treeFiles(tree),
  );
  const plan = planInit(service, toolkitVersions(), { nx: true, suiteDir: relative(project.root, root) });
  for (const [file, contents] of Object.entries(plan.files)) tree.write(join(project.root, file), contents);
  const scope = (project.tags ?? []).find((tag) => tag.startsWith('scope:')) ?? `scope:${options.service}`;
  writeJson(tree, join(root, 'package.json'), {
    name: `${options.service}-integration`,
    version: '0.0.0',
    private: true,
    type: 'module',
    description: `${options.service} against real ${service.servers.join(', ')}: Vitest + supertest.`,
    scripts: plan.scripts,
    devDependencies: plan.devDependencies,
    nx: {
      name: `${options.service}-integration`,
      tags: [scope, 'type:integration'],
      implicitDependencies: [options.service],
    },
  });
  return { root };
}

/** The entry Nx calls: a generator returns nothing (or a follow-up task), not data. */
export default async function (tree: Tree, options: IntegrationProjectOptions): Promise<void> {
  await integrationProjectGenerator(tree, options);
}
