import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** What detection reads: the disk by default, an Nx generator's tree in the Nx plugin. */
export interface ServiceFiles {
  exists(path: string): boolean;
  read(path: string): string;
  isDirectory(path: string): boolean;
  list(dir: string): string[];
}

export const diskFiles: ServiceFiles = {
  exists: existsSync,
  read: (path) => readFileSync(path, 'utf8'),
  isDirectory: (path) => statSync(path).isDirectory(),
  list: (dir) => readdirSync(dir),
};

export type ServerKind = 'postgres' | 'redis' | 'neo4j';
export const SERVER_KINDS: readonly ServerKind[] = ['postgres', 'redis', 'neo4j'];

/**
 * How the suite gets the service: `factory` calls an exported `buildApp(config)` (or
 * `createApp`, `buildServer`); `env` sets environment variables, then imports the module that
 * reads them and exports the app.
 */
export type ServiceStyle = 'factory' | 'env';

export interface Migrations {
  /** Relative to the service directory. */
  folder: string;
  kind: 'drizzle' | 'sql';
  /** For drizzle: the driver its migrator runs through. */
  driver?: 'node-postgres' | 'postgres-js';
}

export interface DetectedService {
  dir: string;
  name: string;
  commonjs: boolean;
  typescript: boolean;
  /** The module that exports the app or its factory, relative to `dir`. */
  entry: string;
  style: ServiceStyle;
  /** factory style: the factory's name, and a config parser to pass its result through, if exported. */
  factory?: { name: string; parseConfig?: string };
  /** env style: the export that is the app (`default` for `module.exports = app`). */
  appExport: string;
  servers: ServerKind[];
  /** env style: the variable each server's URL goes into. */
  env: Record<ServerKind, string>;
  migrations?: Migrations;
  /** A route the service answers, for the first (failing) spec. */
  firstRoute: string;
  /** The directory of the Nx workspace the service is in, if any. */
  nxWorkspace?: string;
  /** Things a person should know: what could not be detected, and the default taken. */
  notes: string[];
}

interface Manifest {
  name?: string;
  type?: string;
  main?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const ENTRY_CANDIDATES = ['app', 'server', 'index', 'main'].flatMap((base) =>
  ['src/', ''].flatMap((dir) => ['.ts', '.mts', '.js', '.mjs', '.cjs'].map((ext) => `${dir}${base}${ext}`)),
);
const FACTORY_NAMES = ['buildApp', 'createApp', 'buildServer', 'createServer', 'build'];
const PARSER_NAMES = ['parseConfig', 'loadConfig', 'readConfig'];
const MIGRATION_FOLDERS = ['drizzle', 'migrations', 'db/migrations', 'src/db/migrations', 'src/migrations', 'sql'];
const DEFAULT_ENV: Record<ServerKind, string> = {
  postgres: 'DATABASE_URL',
  redis: 'REDIS_URL',
  neo4j: 'NEO4J_URL',
};
const ENV_PATTERNS: Record<ServerKind, RegExp> = {
  postgres: /^(DATABASE_URL|DB_URL|POSTGRES(QL)?_URL|PG_?URL|PG_CONNECTION_STRING|.*DATABASE.*URL.*)$/,
  redis: /^.*REDIS.*URL.*$|^REDIS$/,
  neo4j: /^.*NEO4J.*(URL|URI).*$/,
};
const SERVER_PACKAGES: Record<ServerKind, string[]> = {
  postgres: ['pg', 'postgres', 'drizzle-orm', 'kysely', 'knex', 'slonik'],
  redis: ['ioredis', 'redis'],
  neo4j: ['neo4j-driver'],
};

/** `export function NAME`, `export const NAME`, `exports.NAME =`, `module.exports = { NAME`. */
export function exportsName(source: string, name: string): boolean {
  return new RegExp(
    `export\\s+(async\\s+)?(function\\*?|const|let|var|class)\\s+${name}\\b` +
      `|export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}` +
      `|(module\\.)?exports\\.${name}\\s*=` +
      `|module\\.exports\\s*=\\s*\\{[^}]*\\b${name}\\b`,
  ).test(source);
}

function exportsDefault(source: string): boolean {
  return /export\s+default\b|module\.exports\s*=\s*(?!\{)/.test(source);
}

function sourceFiles(files: ServiceFiles, dir: string, limit = 300): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const name of files.list(current)) {
      if (found.length >= limit) return;
      if (name === 'node_modules' || name.startsWith('.') || name === 'dist' || name === 'integration') continue;
      const path = join(current, name);
      if (files.isDirectory(path)) walk(path);
      else if (/\.(c|m)?(j|t)s$/.test(name) && !/\.(spec|test)\./.test(name)) found.push(path);
    }
  };
  walk(dir);
  return found;
}

/** Every `process.env.NAME` the service's code reads. */
export function environmentVariables(sources: string[]): string[] {
  const names = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g)) {
      names.add((match[1] ?? match[2])!);
    }
    // const { DATABASE_URL, PORT } = process.env
    for (const match of source.matchAll(/\{([^}]*)\}\s*=\s*process\.env\b/g)) {
      for (const part of match[1]!.split(',')) {
        const name = part.split(/[:=]/)[0]!.trim();
        if (/^[A-Z][A-Z0-9_]*$/.test(name)) names.add(name);
      }
    }
  }
  return [...names].sort();
}

/** What a folder of migrations is: drizzle-kit's (it has meta/_journal.json), plain SQL files, or neither. */
function migrationsIn(files: ServiceFiles, dir: string, folder: string, deps: Set<string>): Migrations | undefined {
  const path = join(dir, folder);
  if (!files.exists(path) || !files.isDirectory(path)) return undefined;
  if (files.exists(join(path, 'meta', '_journal.json'))) {
    const postgresJs = deps.has('postgres') && !deps.has('pg');
    return { folder, kind: 'drizzle', driver: postgresJs ? 'postgres-js' : 'node-postgres' };
  }
  if (files.list(path).some((name) => name.endsWith('.sql'))) return { folder, kind: 'sql' };
  return undefined;
}

/** drizzle.config's `out`, then the usual folder names. */
function findMigrations(files: ServiceFiles, dir: string, deps: Set<string>): Migrations | undefined {
  const configured = ['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.mjs', 'drizzle.config.cjs']
    .map((file) => join(dir, file))
    .filter((file) => files.exists(file))
    .map((file) => /\bout\s*:\s*['"]\.?\/?([^'"]+)['"]/.exec(files.read(file))?.[1])
    .filter((folder): folder is string => !!folder);
  for (const folder of [...configured, ...MIGRATION_FOLDERS]) {
    const found = migrationsIn(files, dir, folder, deps);
    if (found) return found;
  }
  return undefined;
}

function findNxWorkspace(files: ServiceFiles, dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (files.exists(join(current, 'nx.json'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

export interface DetectOptions {
  entry?: string;
  style?: ServiceStyle;
  servers?: ServerKind[];
  migrations?: string;
}

/** Reads a service directory and decides what `init` writes; every guess can be overridden by an option. */
export function detectService(
  dir: string,
  options: DetectOptions = {},
  files: ServiceFiles = diskFiles,
): DetectedService {
  const manifestPath = join(dir, 'package.json');
  if (!files.exists(manifestPath))
    throw new Error(`${dir} has no package.json: run init in the service's directory (or pass --dir).`);
  const manifest = JSON.parse(files.read(manifestPath)) as Manifest;
  const deps = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
  const notes: string[] = [];

  const candidates = [...(manifest.main ? [manifest.main.replace(/^\.\//, '')] : []), ...ENTRY_CANDIDATES];
  const entry = options.entry ?? candidates.find((file) => files.exists(join(dir, file)));
  if (!entry) {
    throw new Error(
      `No entry module found in ${dir} (looked at package.json main and ${ENTRY_CANDIDATES.slice(0, 4).join(', ')}, ...): pass --entry <file that exports the app or buildApp>.`,
    );
  }
  if (!files.exists(join(dir, entry))) throw new Error(`--entry ${entry} does not exist in ${dir}.`);
  const entrySource = files.read(join(dir, entry));

  const factoryName = FACTORY_NAMES.find((name) => exportsName(entrySource, name));
  const style = options.style ?? (factoryName ? 'factory' : 'env');
  if (style === 'factory' && !factoryName) {
    throw new Error(`--style factory, but ${entry} exports none of ${FACTORY_NAMES.join(', ')}.`);
  }
  const parseConfig = PARSER_NAMES.find((name) => exportsName(entrySource, name));
  const appExport = exportsName(entrySource, 'app') ? 'app' : exportsDefault(entrySource) ? 'default' : 'app';
  if (style === 'env' && !exportsName(entrySource, 'app') && !exportsDefault(entrySource)) {
    notes.push(
      `${entry} exports no \`app\` and no default: export the Fastify instance as \`app\` (and do not listen() when imported by a test).`,
    );
  }
  const guarded = /require\.main\s*===\s*module|import\.meta\.main/.test(entrySource);
  if (style === 'env' && /\.listen\s*\(/.test(entrySource) && !guarded) {
    notes.push(
      `${entry} calls listen(): a test imports it, so listen only when run directly (e.g. if (require.main === module)).`,
    );
  }

  const servers =
    options.servers ?? SERVER_KINDS.filter((kind) => SERVER_PACKAGES[kind].some((name) => deps.has(name)));
  if (servers.length === 0) notes.push('No PostgreSQL, Redis or Neo4j client among the dependencies: pass --servers.');

  const sources = sourceFiles(files, dir).map((file) => files.read(file));
  const variables = environmentVariables(sources);
  const env = { ...DEFAULT_ENV };
  for (const kind of servers) {
    const found = variables.find((name) => ENV_PATTERNS[kind].test(name));
    if (found) env[kind] = found;
    else if (style === 'env') notes.push(`No environment variable for ${kind} found in the code: ${env[kind]} is set.`);
  }

  const migrations = options.migrations
    ? (migrationsIn(files, dir, options.migrations, deps) ??
      raise(`--migrations ${options.migrations}: no such folder with .sql files or a drizzle journal in ${dir}.`))
    : findMigrations(files, dir, deps);
  if (servers.includes('postgres') && !migrations) {
    notes.push(
      'No migrations found (drizzle/, migrations/, ...): each test file gets an empty database; pass --migrations <folder>.',
    );
  }

  const nxWorkspace = findNxWorkspace(files, dir);
  const route = /\.(get|route)\s*\(\s*['"`](\/[^'"`]*)['"`]/.exec(sources.join('\n'))?.[2] ?? '/';
  return {
    dir,
    name: manifest.name ?? relative(dirname(dir), dir),
    commonjs: manifest.type !== 'module' && !/\.m(j|t)s$/.test(entry),
    typescript: /\.(m|c)?ts$/.test(entry) || files.exists(join(dir, 'tsconfig.json')),
    entry,
    style,
    ...(style === 'factory' ? { factory: { name: factoryName!, ...(parseConfig ? { parseConfig } : {}) } } : {}),
    appExport,
    servers,
    env,
    ...(migrations ? { migrations } : {}),
    firstRoute: route,
    ...(nxWorkspace ? { nxWorkspace } : {}),
    notes,
  };
}

function raise(message: string): never {
  throw new Error(message);
}
