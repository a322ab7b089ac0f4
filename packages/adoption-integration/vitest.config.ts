import { defineConfig } from 'vitest/config';

/** The outside suites reach the servers this project starts, as an external lane would. */
export default defineConfig({
  test: {
    include: ['tests/**/*.spec.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
