export { setupServers, type ProvidedServers, type ServersSetupOptions } from './setup-servers.js';
