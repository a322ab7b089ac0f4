import { hashFiles } from '@realdeps/isolation';
import { postgresTemplate } from '@realdeps/isolation/global-setup';
import { setupServers } from '@realdeps/provisioning/vitest';
import { migrateDatabase, migrationsFolder } from '@repo/api/migrate';
import { fakerSeed } from '@repo/factories';

console.info(`[api-integration] faker seed ${fakerSeed} (set IT_SEED to reproduce another run's data)`);

export default setupServers({
  servers: ['postgres', 'redis'],
  // The api's real migrations, applied once into a template each test file clones.
  prepare: postgresTemplate({ name: 'api', key: hashFiles(migrationsFolder), migrate: migrateDatabase }),
});
