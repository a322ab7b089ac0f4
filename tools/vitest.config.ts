import { defineConfig } from 'vitest/config';

/** Workspace checks that start no server: the affected-graph scenarios (they run the Nx CLI), the coverage table, the dev stack's compose file, the typecheck plugin, the T-2 rule and which mutation runs CI repeats. */
export default defineConfig({
  test: {
    include: [
      'affected/**/*.spec.ts',
      'coverage-report/**/*.spec.ts',
      'docker/**/*.spec.ts',
      'mutation/**/*.spec.ts',
      'nx-plugins/**/*.spec.ts',
      't2-gate/**/*.spec.ts',
    ],
    testTimeout: 60_000,
  },
});
