import { setupServers } from '@realdeps/provisioning/vitest';

export default setupServers({ servers: ['postgres', 'redis'] });
