import { defineConfig } from 'vitest/config';

/** Unit tests: the generator against an in-memory workspace tree (no servers). */
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
  },
});
