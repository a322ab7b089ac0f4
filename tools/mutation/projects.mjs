/**
 * What each project's mutation run mutates and which suites judge the mutants: a project's own unit
 * tests and every integration suite that drives its source. `nx run <project>:mutation` sets
 * MUTATION_PROJECT to one of these names; the Stryker and Vitest configs beside this file read it.
 *
 * `break` is the ratchet: the score of the last baseline run, rounded down, so a drop fails the run
 * while the tests that reach 80% (the target, Stryker's `low`) are written.
 */
/**
 * Two files that wait for each other (a barrier in Redis) to prove isolation between files running at
 * once. Stryker runs only the tests that reach a mutant, so one of them would run alone, wait out its
 * timeout and count as a kill: left out of the runs they would judge. The other suites' tests of the
 * same functions still run.
 */
const PAIRED_FILES = ['tests/isolation-a.spec.ts', 'tests/isolation-b.spec.ts'];

/**
 * @typedef {object} MutationProject
 * @property {string[]} mutate Stryker's globs of the source to mutate, from the workspace root.
 * @property {string[]} suites The Vitest configs of the suites that judge the mutants.
 * @property {string[]} [fromSource] Libraries (packages/<name>) the suites must import from source, not dist.
 * @property {string[]} [leaveOut] Test files of those suites not to run, with the reason above.
 * @property {number} break The score under which the run fails.
 */

/** @type {Record<string, MutationProject>} */
export const MUTATION_PROJECTS = {
  api: {
    mutate: ['apps/api/src/**/*.ts', '!apps/api/src/main.ts', '!apps/api/src/db/migrate-cli.ts'],
    suites: [
      'apps/api/vitest.config.ts',
      'apps/api-integration/vitest.config.ts',
      'apps/cross-service-integration/vitest.config.ts',
    ],
    break: 0,
  },
  memory: {
    mutate: ['apps/memory/src/**/*.ts', '!apps/memory/src/main.ts'],
    suites: ['apps/memory/vitest.config.ts', 'apps/memory-integration/vitest.config.ts'],
    break: 85,
  },
  docs: {
    mutate: ['apps/docs/src/**/*.ts', '!apps/docs/src/main.ts', '!apps/docs/src/db/migrate-cli.ts'],
    suites: ['apps/docs/vitest.config.ts', 'apps/docs-integration/vitest.config.ts'],
    break: 80,
  },
  isolation: {
    mutate: ['packages/isolation/src/**/*.ts'],
    suites: ['packages/isolation/vitest.config.ts', 'libs/test-utils/integration/vitest.config.ts'],
    fromSource: ['isolation'],
    leaveOut: PAIRED_FILES,
    break: 83,
  },
  provisioning: {
    mutate: ['packages/provisioning/src/**/*.ts', '!packages/provisioning/src/cli.ts'],
    suites: ['packages/provisioning/vitest.config.ts', 'libs/test-utils/integration/vitest.config.ts'],
    fromSource: ['provisioning'],
    leaveOut: PAIRED_FILES,
    break: 0,
  },
};

/** The entry for MUTATION_PROJECT, or an error that lists the choices. */
export function mutationProject() {
  const name = process.env.MUTATION_PROJECT;
  const project = name && MUTATION_PROJECTS[name];
  if (!project)
    throw new Error(
      `MUTATION_PROJECT must be one of ${Object.keys(MUTATION_PROJECTS).join(', ')} (got ${name ?? 'nothing'}); run nx run <project>:mutation`,
    );
  return { name, ...project };
}
