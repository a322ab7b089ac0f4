import { defineConfig } from 'vitest/config';

/** Workspace checks that start no server: the affected-graph scenarios (they run the Nx CLI). */
export default defineConfig({
  test: {
    include: ['affected/**/*.spec.ts'],
    testTimeout: 60_000,
  },
});
