import { defineIntegrationConfig } from '@realdeps/provisioning/vitest';

export default defineIntegrationConfig();
