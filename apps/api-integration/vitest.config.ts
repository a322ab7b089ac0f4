import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.spec.ts'],
    globalSetup: ['./global-setup.ts'],
    // Files wait on PostgreSQL and Redis more than they compute: more workers than cores.
    maxWorkers: 4,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // `--coverage` (npm run coverage, CI) measures the service's own source while this suite
    // drives it; the source sits outside this project's root, hence allowExternal.
    coverage: {
      provider: 'v8',
      include: ['../api/src/**/*.ts'],
      // Colocated unit tests are not service code.
      exclude: ['**/*.spec.ts'],
      allowExternal: true,
      reportsDirectory: '../../coverage/api',
      reporter: ['text-summary', 'html', 'lcov', 'json-summary'],
    },
  },
});
