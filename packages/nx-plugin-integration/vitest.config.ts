import { defineConfig } from 'vitest/config';

/** No global setup: the generated suite under test starts its own servers. */
export default defineConfig({
  test: {
    include: ['tests/**/*.spec.ts'],
    testTimeout: 180_000,
  },
});
