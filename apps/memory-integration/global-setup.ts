import { setupServers } from '@realdeps/provisioning/vitest';
import { fakerSeed } from '@repo/factories';

console.info(`[memory-integration] faker seed ${fakerSeed} (set IT_SEED to reproduce another run's data)`);

export default setupServers({ servers: ['neo4j'] });
