import { defineIntegrationConfig } from '@realdeps/provisioning/vitest';

/** The outside suites reach the servers this project starts, as an external lane would. */
export default defineIntegrationConfig({ test: { testTimeout: 300_000, hookTimeout: 300_000 } });
