export { defineIntegrationConfig, type IntegrationConfigOptions } from './integration-config.js';
export { setupServers, type ProvidedServers, type ServersSetupOptions } from './setup-servers.js';
