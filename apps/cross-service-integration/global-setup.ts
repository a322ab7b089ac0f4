import { hashFiles } from '@realdeps/isolation';
import { postgresTemplate } from '@realdeps/isolation/global-setup';
import { setupServers } from '@realdeps/provisioning/vitest';
import { migrationsFolder as apiMigrations, migrateDatabase as migrateApi } from '@repo/api/migrate';
import { migrationsFolder as docsMigrations, migrateDatabase as migrateDocs } from '@repo/docs/migrate';
import { fakerSeed } from '@repo/factories';

console.info(`[cross-service-integration] faker seed ${fakerSeed} (set IT_SEED to reproduce another run's data)`);

export default setupServers({
  servers: ['postgres', 'redis', 'neo4j'],
  // Each service's real migrations, in a template of its own.
  prepare: postgresTemplate(
    { name: 'api', key: hashFiles(apiMigrations), migrate: migrateApi },
    { name: 'docs', key: hashFiles(docsMigrations), migrate: migrateDocs },
  ),
});
