import { defineConfig } from 'vitest/config';

/** Unit tests: pure logic, no servers (T-3 in CONTRIBUTING.md). What needs a server is tested in test-utils-integration. */
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
  },
});
