import { defineIntegrationConfig } from '@realdeps/provisioning/vitest';

/** No global setup: the generated suite under test starts its own servers. */
export default defineIntegrationConfig({ globalSetup: [], test: { testTimeout: 180_000 } });
