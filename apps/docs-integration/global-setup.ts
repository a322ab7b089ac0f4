import { migrateDatabase, migrationsFolder } from '@repo/docs/migrate';
import { hashFiles } from '@repo/isolation';
import { postgresTemplate } from '@repo/isolation/global-setup';
import { setupServers } from '@repo/provisioning/vitest';

export default setupServers({
  servers: ['postgres'],
  prepare: postgresTemplate({ name: 'docs', key: hashFiles(migrationsFolder), migrate: migrateDatabase }),
});
