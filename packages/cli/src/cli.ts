#!/usr/bin/env node
/**
 * realdeps init [--dir <service>] [--entry <file>] [--style factory|env] [--servers postgres,redis,neo4j]
 *               [--migrations <folder>] [--no-nx] [--force] [--dry-run]
 */
import { parseArgs } from 'node:util';
import { SERVER_KINDS, type ServerKind, type ServiceStyle } from './detect.js';
import { runInit } from './init.js';

const USAGE = `usage: realdeps init [options]   (run in the service's directory)
  --dir <path>          the service directory (default: .)
  --entry <file>        the module exporting the app or buildApp (default: detected)
  --style factory|env   factory: call buildApp(config); env: set variables, then import the app
  --servers <list>      postgres,redis,neo4j (default: from the dependencies)
  --migrations <folder> drizzle-kit's folder or .sql files (default: detected)
  --no-nx               a plain folder suite even inside an Nx workspace
  --force               overwrite files init wrote before
  --dry-run             print what would be written`;

function fail(message: string): never {
  console.error(`realdeps: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        entry: { type: 'string' },
        style: { type: 'string' },
        servers: { type: 'string' },
        migrations: { type: 'string' },
        'no-nx': { type: 'boolean' },
        force: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();

if (values.help) {
  console.info(USAGE);
  process.exit(0);
}
if (positionals[0] !== 'init' || positionals.length > 1) fail(`unknown command: ${positionals.join(' ') || '(none)'}`);
if (values.style !== undefined && values.style !== 'factory' && values.style !== 'env') {
  fail(`--style must be factory or env; got ${values.style}`);
}
const servers = values.servers?.split(',').map((kind) => kind.trim());
const unknown = servers?.filter((kind) => !(SERVER_KINDS as readonly string[]).includes(kind)) ?? [];
if (unknown.length > 0) fail(`--servers: unknown ${unknown.join(', ')} (use ${SERVER_KINDS.join(', ')})`);

try {
  const result = runInit({
    ...(values.dir ? { dir: values.dir } : {}),
    ...(values.entry ? { entry: values.entry } : {}),
    ...(values.style ? { style: values.style as ServiceStyle } : {}),
    ...(servers ? { servers: servers as ServerKind[] } : {}),
    ...(values.migrations ? { migrations: values.migrations } : {}),
    nx: !values['no-nx'],
    force: !!values.force,
    dryRun: !!values['dry-run'],
  });
  const { service, plan } = result;
  console.info(
    `${service.name}: ${service.style === 'factory' ? `${service.factory!.name}(config)` : `env (${service.servers.map((kind) => service.env[kind]).join(', ')}), then import`} from ${service.entry}; ` +
      `servers ${service.servers.join(', ') || 'none'}; migrations ${service.migrations ? `${service.migrations.folder} (${service.migrations.kind})` : 'none'}` +
      (plan.nxProject ? `; Nx project ${plan.nxProject.name}` : ''),
  );
  for (const note of service.notes) console.info(`  note: ${note}`);
  console.info(values['dry-run'] ? 'would write:' : 'wrote:');
  for (const file of [...Object.keys(plan.files), plan.manifest]) console.info(`  ${file}`);
  if (result.applied && Object.keys(result.applied.added).length > 0) {
    console.info(
      `devDependencies added: ${Object.entries(result.applied.added)
        .map(([name, range]) => `${name}@${range}`)
        .join(', ')}`,
    );
  }
  console.info('next:');
  for (const step of result.next) console.info(`  ${step}`);
} catch (error) {
  console.error(`realdeps: ${(error as Error).message}`);
  process.exit(1);
}
