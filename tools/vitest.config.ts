import { defineConfig } from 'vitest/config';

/** Workspace checks that start no server: the affected-graph scenarios (they run the Nx CLI), the coverage table, the dev stack's compose file and the typecheck plugin. */
export default defineConfig({
  test: {
    include: [
      'affected/**/*.spec.ts',
      'coverage-report/**/*.spec.ts',
      'docker/**/*.spec.ts',
      'nx-plugins/**/*.spec.ts',
    ],
    testTimeout: 60_000,
  },
});
