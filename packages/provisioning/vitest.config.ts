import { defineConfig } from 'vitest/config';

/** Unit tests: pure logic, no servers (T-3 in CONTRIBUTING.md). The servers are tested in test-utils-integration. */
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
  },
});
