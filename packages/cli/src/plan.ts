import { basename, join, relative, sep } from 'node:path';
import type { DetectedService, ServerKind } from './detect.js';

export interface InitPlan {
  /** Where the suite goes, relative to the service directory. */
  suiteDir: string;
  /** File path (relative to the service directory) to contents. */
  files: Record<string, string>;
  /** The package.json the devDependencies and script go into, relative to the service directory. */
  manifest: string;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
  /** For an Nx workspace: a project of its own, with these fields in its package.json. */
  nxProject?: { name: string; tags: string[]; implicitDependencies: string[] };
}

/** The versions init writes: the toolkit's own, and the test tools it is tested with. */
export interface ToolkitVersions {
  toolkit: string;
  vitest: string;
  supertest: string;
  '@types/supertest': string;
  ioredis: string;
  'neo4j-driver': string;
}

const posix = (path: string) => path.split(sep).join('/');
const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/** The import specifier of `file` from a module in `fromDir` (both absolute); .ts is imported as .js. */
function importPath(fromDir: string, file: string): string {
  const path = posix(relative(fromDir, file)).replace(/\.(m?)ts$/, '.$1js');
  return path.startsWith('.') ? path : `./${path}`;
}

function globalSetup(service: DetectedService, suiteDir: string): string {
  const { servers, migrations } = service;
  if (!servers.includes('postgres')) {
    return `import { setupServers } from '@realdeps/provisioning/vitest';

/** Starts the real servers this suite needs, once per run (IT_PROVIDER picks where they come from). */
export default setupServers({ servers: [${quoted(servers)}] });
`;
  }
  const folder = migrations
    ? posix(relative(join(service.dir, suiteDir), join(service.dir, migrations.folder)))
    : undefined;
  const migrator = !migrations
    ? `// No migrations were found: each test file gets an empty database. Point at yours, e.g.
  //   migrate: sqlFolderMigrator(migrations) or drizzleMigrator(migrations).
  migrate: async () => undefined,`
    : migrations.kind === 'drizzle'
      ? `migrate: drizzleMigrator(migrations, '${migrations.driver ?? 'node-postgres'}'),`
      : `migrate: sqlFolderMigrator(migrations),`;
  const imports = [
    migrations?.kind === 'drizzle' ? 'drizzleMigrator' : undefined,
    'hashFiles',
    migrations?.kind === 'sql' ? 'sqlFolderMigrator' : undefined,
  ].filter(Boolean);
  return `import { ${imports.join(', ')} } from '@realdeps/isolation';
import { postgresTemplate } from '@realdeps/isolation/global-setup';
import { setupServers } from '@realdeps/provisioning/vitest';
${folder ? "import { fileURLToPath } from 'node:url';\n" : ''}
${folder ? `const migrations = fileURLToPath(new URL('${folder}', import.meta.url));\n` : ''}
/**
 * Starts the real servers this suite needs, once per run (IT_PROVIDER picks where they come
 * from), and migrates a template database${folder ? ' from your migrations (again only when they change)' : ''}; every test file
 * gets a database of its own cloned from it.
 */
export default setupServers({
  servers: [${quoted(servers)}],
  prepare: postgresTemplate({
    name: '${service.name
      .replace(/^@[^/]+\//, '')
      .replace(/[^a-zA-Z0-9]+/g, '_')
      .slice(0, 20)}',
    key: ${folder ? 'hashFiles(migrations)' : "'empty'"},
    ${migrator}
  }),
});
`;
}

function urlOf(kind: ServerKind): string {
  return kind === 'postgres' ? 'database.url' : `servers.${kind}!.url`;
}

function support(service: DetectedService, suiteDir: string): string {
  const entry = importPath(join(service.dir, suiteDir, 'support'), join(service.dir, service.entry));
  const hasPostgres = service.servers.includes('postgres');
  const isolationImport = hasPostgres ? "import { useIsolatedDatabase } from '@realdeps/isolation/vitest';\n" : '';
  const database = hasPostgres ? '  const database = await useIsolatedDatabase();\n' : '';
  let build: string;
  let moduleImport = '';
  let fastifyImport = '';
  if (service.style === 'factory') {
    const { name, parseConfig } = service.factory!;
    moduleImport = `import { ${[name, parseConfig].filter(Boolean).join(', ')} } from '${entry}';\n`;
    const keys: Record<ServerKind, string> = { postgres: 'databaseUrl', redis: 'redisUrl', neo4j: 'neo4jUrl' };
    const fields = service.servers.map((kind) => `    ${keys[kind]}: ${urlOf(kind)},`).join('\n');
    build = `  const config = {
    // Rename these to your configuration's fields.
${fields}
  };
  const app = await ${name}(${parseConfig ? `${parseConfig}(config)` : 'config'});
`;
  } else {
    const assignments = service.servers
      .map((kind) => `  process.env.${service.env[kind]} = ${urlOf(kind)};`)
      .join('\n');
    const exported = service.appExport;
    // CommonJS: \`module.exports = { app }\` is a named export; anything else is under default.
    const pick = exported === 'default' ? 'module.default' : `module.${exported} ?? module.default?.${exported}`;
    build = `  // The service reads its configuration from the environment when imported, and each test
  // file imports it afresh (isolate: true in vitest.config.mts), so the variables are set first.
${assignments}
  const module = (await import('${entry}')) as Record<string, unknown> & { default?: Record<string, unknown> };
  const app = (${pick}) as FastifyInstance;
`;
    fastifyImport = "import type { FastifyInstance } from 'fastify';\n";
  }
  return `${isolationImport}${fastifyImport}import supertest from 'supertest';
import { afterAll, inject } from 'vitest';
${moduleImport}
/**
 * The real ${service.name}, in-process, bound to the servers of this run${hasPostgres ? " and to a database of this test file's own" : ''}.
 */
export async function serviceUnderTest() {
  const servers = inject('servers');
${database}${build}  await app.ready();
  afterAll(() => app.close());
  return { app, http: supertest(app.server), servers${hasPostgres ? ', database' : ''} };
}
`;
}

function exampleSpec(service: DetectedService): string {
  return `import { beforeAll, describe, expect, it } from 'vitest';
import { serviceUnderTest } from '../support/service-under-test.js';

let service: Awaited<ReturnType<typeof serviceUnderTest>>;
beforeAll(async () => {
  service = await serviceUnderTest();
});

/**
 * Your first specification, failing on purpose: say what the service should do, watch it
 * fail, then implement until it passes. Replace it with the real behaviour.
 */
describe('GET ${service.firstRoute}', () => {
  it('answers as specified', async () => {
    const response = await service.http.get('${service.firstRoute}');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ describe: 'the answer you expect here' });
  });
});
`;
}

function vitestConfig(service: DetectedService): string {
  // A service configured from the environment when imported must be imported afresh by each
  // test file, with that file's database in the variables: Vitest's module isolation does that.
  const options =
    service.style === 'factory' ? 'root: import.meta.dirname' : 'root: import.meta.dirname, test: { isolate: true }';
  return `import { defineIntegrationConfig } from '@realdeps/provisioning/vitest';

export default defineIntegrationConfig({ ${options} });
`;
}

/**
 * What init writes for a detected service. Without Nx the suite is a folder of the service
 * (\`integration/\`) run by \`npm run test:integration\`; in an Nx workspace it is a project of its
 * own next to the service (\`<service>-integration\`), tagged and depending on it.
 */
export function planInit(
  service: DetectedService,
  versions: ToolkitVersions,
  options: { nx?: boolean; suiteDir?: string } = {},
): InitPlan {
  const serviceBase = basename(service.dir);
  const inNx = options.nx ?? false;
  const suiteDir = options.suiteDir ?? (inNx ? join('..', `${serviceBase}-integration`) : 'integration');
  const files: Record<string, string> = {
    [join(suiteDir, 'vitest.config.mts')]: vitestConfig(service),
    [join(suiteDir, 'global-setup.ts')]: globalSetup(service, suiteDir),
    [join(suiteDir, 'support', 'service-under-test.ts')]: support(service, suiteDir),
    [join(suiteDir, 'tests', 'example.spec.ts')]: exampleSpec(service),
  };
  const devDependencies: Record<string, string> = {
    '@realdeps/isolation': `^${versions.toolkit}`,
    '@realdeps/provisioning': `^${versions.toolkit}`,
    supertest: versions.supertest,
    vitest: versions.vitest,
  };
  if (service.typescript) devDependencies['@types/supertest'] = versions['@types/supertest'];
  if (service.servers.includes('redis')) devDependencies.ioredis = versions.ioredis;
  if (service.servers.includes('neo4j')) devDependencies['neo4j-driver'] = versions['neo4j-driver'];
  if (!inNx) {
    return {
      suiteDir,
      files,
      manifest: 'package.json',
      devDependencies,
      scripts: { 'test:integration': 'vitest run --config integration/vitest.config.mts' },
    };
  }
  const name = basename(suiteDir);
  return {
    suiteDir,
    files,
    manifest: join(suiteDir, 'package.json'),
    devDependencies,
    scripts: { integration: 'vitest run --config vitest.config.mts' },
    nxProject: { name, tags: ['type:integration'], implicitDependencies: [serviceBase] },
  };
}
