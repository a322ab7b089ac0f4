import { fakerSeed } from '@repo/factories';
import { setupServers } from '@repo/provisioning/vitest';

console.info(`[cross-service-integration] faker seed ${fakerSeed} (set IT_SEED to reproduce another run's data)`);

export default setupServers({ servers: ['neo4j'] });
