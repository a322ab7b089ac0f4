import { defineConfig } from 'vitest/config';

/** Unit tests: pure logic, no servers (rule T-3). HTTP and database behaviour: api-integration. */
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
  },
});
