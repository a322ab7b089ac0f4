import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectService, environmentVariables, exportsName } from './detect.js';

/** A service directory from a map of files. */
function service(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'detect-'));
  for (const [file, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), typeof contents === 'string' ? contents : JSON.stringify(contents));
  }
  return dir;
}

const journal = { version: '7', dialect: 'postgresql', entries: [] };

describe('detectService', () => {
  it('reads a CommonJS service configured from the environment at import', () => {
    const dir = service({
      'package.json': {
        name: 'billing',
        main: 'src/app.js',
        dependencies: { fastify: '5', pg: '8', 'drizzle-orm': '0.45' },
      },
      'src/config.js': 'module.exports = { url: process.env.BILLING_DATABASE_URL, level: process.env.LOG_LEVEL };',
      'src/app.js': "const app = require('fastify')();\napp.get('/invoices', () => []);\nmodule.exports = { app };",
      'drizzle/0000_init.sql': 'CREATE TABLE t (id int);',
      'drizzle/meta/_journal.json': journal,
    });

    const detected = detectService(dir);

    expect(detected).toMatchObject({
      name: 'billing',
      commonjs: true,
      entry: 'src/app.js',
      style: 'env',
      appExport: 'app',
      servers: ['postgres'],
      env: { postgres: 'BILLING_DATABASE_URL' },
      migrations: { folder: 'drizzle', kind: 'drizzle', driver: 'node-postgres' },
      firstRoute: '/invoices',
      notes: [],
    });
    expect(detected.factory).toBeUndefined();
  });

  it('reads an ESM service that exports buildApp and parseConfig, with SQL migrations and Redis', () => {
    const dir = service({
      'package.json': { name: '@acme/visits', type: 'module', dependencies: { ioredis: '6', pg: '8' } },
      'src/app.ts': 'export function parseConfig(input) {}\nexport async function buildApp(config) {}',
      'migrations/001.sql': 'CREATE TABLE visits (page text);',
    });

    expect(detectService(dir)).toMatchObject({
      commonjs: false,
      typescript: true,
      entry: 'src/app.ts',
      style: 'factory',
      factory: { name: 'buildApp', parseConfig: 'parseConfig' },
      servers: ['postgres', 'redis'],
      migrations: { folder: 'migrations', kind: 'sql' },
    });
  });

  it("takes drizzle.config's out folder, and postgres.js as the driver when pg is absent", () => {
    const dir = service({
      'package.json': { name: 'x', dependencies: { postgres: '3', 'drizzle-orm': '0.45' } },
      'index.js': 'exports.app = 1;',
      'drizzle.config.ts': "export default { out: './db/generated', dialect: 'postgresql' };",
      'db/generated/meta/_journal.json': journal,
    });

    expect(detectService(dir).migrations).toEqual({ folder: 'db/generated', kind: 'drizzle', driver: 'postgres-js' });
  });

  it('says what it could not find, and the default it took', () => {
    const dir = service({
      'package.json': { name: 'x', dependencies: { pg: '8' } },
      'server.js': "const app = require('fastify')();\napp.listen({ port: 3000 });",
    });

    const { notes, env } = detectService(dir);

    expect(env.postgres).toBe('DATABASE_URL');
    expect(notes).toEqual([
      'server.js exports no `app` and no default: export the Fastify instance as `app` (and do not listen() when imported by a test).',
      'server.js calls listen(): a test imports it, so listen only when run directly (e.g. if (require.main === module)).',
      'No environment variable for postgres found in the code: DATABASE_URL is set.',
      'No migrations found (drizzle/, migrations/, ...): each test file gets an empty database; pass --migrations <folder>.',
    ]);
  });

  it('refuses what it cannot use, naming the option that fixes it', () => {
    expect(() => detectService(service({ 'package.json': { name: 'x' } }))).toThrow(/No entry module found .*--entry/);
    expect(() =>
      detectService(service({ 'package.json': { name: 'x' }, 'app.js': 'exports.app = 1' }), { style: 'factory' }),
    ).toThrow('--style factory, but app.js exports none of buildApp, createApp, buildServer, createServer, build.');
    expect(() =>
      detectService(service({ 'package.json': { name: 'x' }, 'app.js': '' }), { migrations: 'nope' }),
    ).toThrow(/--migrations nope: no such folder/);
  });

  it('finds the Nx workspace a service is in', () => {
    const root = service({
      'nx.json': {},
      'apps/svc/package.json': { name: 'svc' },
      'apps/svc/app.js': 'exports.app = 1',
    });

    expect(detectService(join(root, 'apps/svc')).nxWorkspace).toBe(root);
  });
});

describe('exportsName', () => {
  it.for([
    ['export async function buildApp(config) {}', true],
    ['export const buildApp = () => {}', true],
    ['export { buildApp, parseConfig };', true],
    ['exports.buildApp = function () {}', true],
    ['module.exports = { buildApp, other }', true],
    ['function buildApp() {}', false],
    ['export function buildAppLater() {}', false],
  ] as const)('%s -> %s', ([source, exported]) => {
    expect(exportsName(source, 'buildApp')).toBe(exported);
  });
});

describe('environmentVariables', () => {
  it('finds dotted, bracketed and destructured reads', () => {
    const sources = [
      "const url = process.env.DATABASE_URL; const r = process.env['REDIS_URL'];",
      'const { NEO4J_URI, PORT: port = 3000 } = process.env;',
    ];

    expect(environmentVariables(sources)).toEqual(['DATABASE_URL', 'NEO4J_URI', 'PORT', 'REDIS_URL']);
  });
});
