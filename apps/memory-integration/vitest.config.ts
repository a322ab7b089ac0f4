import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.spec.ts'],
    globalSetup: ['./global-setup.ts'],
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `--coverage` (npm run coverage, CI) measures the service's own source while this suite
    // drives it; the source sits outside this project's root, hence allowExternal.
    coverage: {
      provider: 'v8',
      include: ['../memory/src/**/*.ts'],
      // Colocated unit tests are not service code.
      exclude: ['**/*.spec.ts'],
      allowExternal: true,
      reportsDirectory: '../../coverage/memory',
      reporter: ['text-summary', 'html', 'lcov', 'json-summary'],
    },
  },
});
