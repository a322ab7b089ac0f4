import { defineConfig } from 'vitest/config';

/** Workspace checks that start no server: the affected-graph scenarios (they run the Nx CLI), the coverage table, the dev stack's compose file, the typecheck plugin and the T-2 rule. */
export default defineConfig({
  test: {
    include: [
      'affected/**/*.spec.ts',
      'coverage-report/**/*.spec.ts',
      'docker/**/*.spec.ts',
      'nx-plugins/**/*.spec.ts',
      't2-gate/**/*.spec.ts',
    ],
    testTimeout: 60_000,
  },
});
