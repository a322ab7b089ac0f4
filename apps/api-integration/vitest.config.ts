import { defineIntegrationConfig } from '@realdeps/provisioning/vitest';

// `--coverage` (npm run coverage, CI) measures the service's own source while this suite drives it.
export default defineIntegrationConfig({ coverageOf: '../api/src' });
