import { defineConfig } from 'vitest/config';

/** Unit tests: pure logic, no servers (rule T-3). The servers are tested in test-utils-integration. */
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
  },
});
