import { hashFiles, migrateSqlDirectory } from '@realdeps/isolation';
import { postgresTemplate } from '@realdeps/isolation/global-setup';
import { setupServers } from '@realdeps/provisioning/vitest';
import { fileURLToPath } from 'node:url';

const migrations = fileURLToPath(new URL('./fixtures/migrations', import.meta.url));

export default setupServers({
  servers: ['postgres', 'redis', 'neo4j'],
  prepare: postgresTemplate({
    name: 'testutils',
    key: hashFiles(migrations),
    migrate: (url) => migrateSqlDirectory(url, migrations),
  }),
});
