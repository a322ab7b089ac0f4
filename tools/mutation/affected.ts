import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTATION_PROJECTS } from './projects.mjs';

const workspace = fileURLToPath(new URL('../../', import.meta.url));

/** The Nx project a suite's config belongs to: the `nx.name` in the package.json beside it. */
function projectOf(config: string): string {
  const manifest = JSON.parse(readFileSync(`${workspace}${dirname(config)}/package.json`, 'utf8')) as {
    nx?: { name?: string };
  };
  if (!manifest.nx?.name) throw new Error(`${dirname(config)}/package.json names no Nx project`);
  return manifest.nx.name;
}

/**
 * The projects whose mutation score a change can move: those Nx calls affected (their source or
 * what it imports changed) and those with an affected suite among the ones that judge their
 * mutants. Nx alone misses the second kind: a service does not depend on its tests.
 */
export function mutationProjectsAffected(affected: readonly string[]): string[] {
  const changed = new Set(affected);
  return Object.entries(MUTATION_PROJECTS)
    .filter(([name, { suites }]) => changed.has(name) || suites.some((config) => changed.has(projectOf(config))))
    .map(([name]) => name)
    .sort();
}

/** `nx show projects --affected` with these extra arguments (`--files=...`, `--base=...`). */
export function affectedProjects(nxArguments: readonly string[]): string[] {
  const output = execFileSync(
    process.execPath,
    [`${workspace}node_modules/nx/dist/bin/nx.js`, 'show', 'projects', '--affected', '--json', ...nxArguments],
    { cwd: workspace, encoding: 'utf8', env: { NX_DAEMON: 'false', ...process.env } },
  );
  return JSON.parse(output) as string[];
}

// CI's plan job: `tsx tools/mutation/affected.ts` prints the JSON list its mutation matrix runs.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(mutationProjectsAffected(affectedProjects(process.argv.slice(2)))));
}
