import { defineConfig } from 'vitest/config';

/** Unit tests: pure logic, no servers (T-3 in CONTRIBUTING.md). HTTP and database behaviour: docs-integration. */
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
  },
});
