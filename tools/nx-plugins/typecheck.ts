/**
 * Nx plugin: every project with a tsconfig.json gets a `typecheck` target (`tsc --noEmit` against
 * that file), so no project writes the script by hand and a new project cannot forget it. Caching,
 * inputs and dependsOn come from targetDefaults in nx.json.
 */
import type { CreateNodes } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const createNodes: CreateNodes = [
  '**/tsconfig.json',
  (tsconfigFiles, _options, context) =>
    tsconfigFiles
      .map((file) => ({ file, root: dirname(file) }))
      .filter(({ root }) => existsSync(join(context.workspaceRoot, root, 'package.json')))
      .map(({ file, root }) => [
        file,
        {
          projects: {
            [root]: { targets: { typecheck: { command: 'tsc -p tsconfig.json --noEmit', options: { cwd: root } } } },
          },
        },
      ]),
];
