import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { mutationProject } from './projects.mjs';

const workspace = fileURLToPath(new URL('../../', import.meta.url));
const project = mutationProject();

/**
 * The suites that judge a project's mutants, as Vitest projects. Each keeps its own config (servers,
 * global setup, isolation). A library's suites import it by package name, which resolves to its
 * built dist; for its own run every export is pointed at the source Stryker mutates.
 */
function sourceAliases(name: string) {
  const root = `${workspace}packages/${name}/`;
  const { name: packageName, exports } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
    name: string;
    exports: Record<string, string | { default: string }>;
  };
  return Object.entries(exports).flatMap(([subpath, target]) => {
    const file = typeof target === 'string' ? target : target.default;
    if (!file.startsWith('./dist/')) return [];
    const source = file.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
    return [
      { find: new RegExp(`^${packageName}${subpath.slice(1).replace('/', '\\/')}$`), replacement: root + source },
    ];
  });
}

const aliases = (project.fromSource ?? []).flatMap(sourceAliases);

export default defineConfig({
  test: {
    projects: project.suites.map((config: string) => ({
      extends: `${workspace}${config}`,
      root: `${workspace}${dirname(config)}`,
      resolve: { alias: aliases },
      test: { exclude: ['**/node_modules/**', ...(project.leaveOut ?? [])] },
    })),
  },
});
