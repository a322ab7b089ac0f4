import { defineConfig } from 'vitest/config';

/** Workspace checks that start no server: the affected-graph scenarios (they run the Nx CLI), the coverage table and the dev stack's compose file. */
export default defineConfig({
  test: {
    include: ['affected/**/*.spec.ts', 'coverage-report/**/*.spec.ts', 'docker/**/*.spec.ts'],
    testTimeout: 60_000,
  },
});
