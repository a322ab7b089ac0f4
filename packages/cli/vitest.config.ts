import { defineConfig } from 'vitest/config';

/** Unit tests: pure logic, no servers (T-3 in CONTRIBUTING.md). The generated suites run for real in the adoption test. */
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
  },
});
