// @ts-check
import { mutationProject } from './projects.mjs';

const project = mutationProject();
const reports = `reports/mutation/${project.name}`;

/**
 * One Stryker config for every project (run from the workspace root): the project's source mutated
 * in place, since the suites import it through workspace links a sandbox copy would not change;
 * per-test coverage, so a mutant runs only the tests that reach it; incremental, so a rerun after a
 * small change tests only the mutants whose code or tests changed.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'tools/mutation/vitest.config.mts', related: false },
  mutate: [...project.mutate, '!**/*.spec.ts'],
  inPlace: true,
  // Vitest strips types without checking them, so mutants need no `// @ts-nocheck`. In place, adding it
  // would rewrite every TypeScript file of the workspace (and restore them at the end, over any edit
  // made meanwhile).
  disableTypeChecks: false,
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `${reports}/incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  tempDirName: `${reports}/.stryker-tmp`,
  // Two cores: two test runners, each with its own suites' servers (they share one run).
  concurrency: 2,
  timeoutMS: 10_000,
  thresholds: { high: 90, low: 80, break: project.break },
};
