import { defineConfig } from 'vitest/config';

/** Unit tests: pure logic, no servers (rule T-3). The generated suites run for real in the adoption test. */
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
  },
});
