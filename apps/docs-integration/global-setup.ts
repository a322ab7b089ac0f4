import { hashFiles } from '@realdeps/isolation';
import { postgresTemplate } from '@realdeps/isolation/global-setup';
import { setupServers } from '@realdeps/provisioning/vitest';
import { migrateDatabase, migrationsFolder } from '@repo/docs/migrate';

export default setupServers({
  servers: ['postgres'],
  prepare: postgresTemplate({ name: 'docs', key: hashFiles(migrationsFolder), migrate: migrateDatabase }),
});
