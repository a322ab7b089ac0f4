import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/** A packed toolkit package: the .tgz, and the package.json it was packed from. */
export interface Tarball {
  file: string;
  manifest: string;
}

interface Manifest {
  name: string;
  version: string;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const workspaceLock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** The path a package named `name` resolves to from the package at `from`, as Node looks it up. */
function resolveFrom(from: string, name: string, packages: Record<string, LockEntry>): string | undefined {
  for (let dir = from; ;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    const entry = packages[candidate];
    if (entry && !entry.link) return candidate;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

function required(entry: LockEntry): [string, boolean][] {
  const peers = Object.keys(entry.peerDependencies ?? {}).map((name): [string, boolean] => [
    name,
    entry.peerDependenciesMeta?.[name]?.optional === true,
  ]);
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name): [string, boolean] => [name, false]),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name): [string, boolean] => [name, true]),
    ...peers,
  ];
}

/**
 * A lockfile for an outside project, so `npm ci --offline` installs it from the npm cache alone:
 * the registry packages at the exact versions (and tarball integrities) this workspace installed,
 * and the toolkit from the packed tarballs. `npm install` would need the registry's metadata for
 * every range, which an offline cache does not hold.
 */
export function writeOfflineLockfile(projectDir: string, tarballs: Record<string, Tarball>): void {
  const manifest = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as Manifest;
  const packages: Record<string, LockEntry> = { ...workspaceLock.packages };
  for (const [name, tarball] of Object.entries(tarballs)) {
    const packed = JSON.parse(readFileSync(tarball.manifest, 'utf8')) as Manifest;
    packages[`node_modules/${name}`] = {
      version: packed.version,
      resolved: `file:${tarball.file}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball.file)).digest('base64')}`,
      // npm ci links bins from the lockfile, not from the installed package.json.
      ...(packed.bin ? { bin: packed.bin } : {}),
      ...(packed.dependencies ? { dependencies: packed.dependencies } : {}),
      ...(packed.peerDependencies ? { peerDependencies: packed.peerDependencies } : {}),
      ...(packed.peerDependenciesMeta ? { peerDependenciesMeta: packed.peerDependenciesMeta } : {}),
    };
  }

  const lock: Record<string, LockEntry> = {
    '': {
      name: manifest.name,
      version: manifest.version,
      ...(manifest.dependencies ? { dependencies: manifest.dependencies } : {}),
      ...(manifest.devDependencies ? { devDependencies: manifest.devDependencies } : {}),
    },
  };
  const queue: [string, string, boolean][] = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).map(
    (name) => ['', name, false],
  );
  while (queue.length > 0) {
    const [from, name, optional] = queue.shift()!;
    const path = resolveFrom(from, name, packages);
    if (!path) {
      if (optional) continue;
      throw new Error(`${name} (needed by ${from || manifest.name}) is not in this workspace's lockfile`);
    }
    if (lock[path]) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = packages[path]!;
    lock[path] = entry;
    for (const [dependency, isOptional] of required(entry)) queue.push([path, dependency, isOptional]);
  }
  writeFileSync(
    join(projectDir, 'package-lock.json'),
    `${JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages: lock }, null, 2)}\n`,
  );
}

export interface Run {
  code: number;
  output: string;
}

/**
 * The environment of a person's shell: without the npm_config_* and npm_package_* variables that
 * `npm test` in this workspace set (npm_config_local_prefix would point npm back at the workspace).
 */
function outsideEnvironment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_(config|package|lifecycle)_/i.test(name)),
  );
  return { ...env, ...extra };
}

export async function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd,
      env: outsideEnvironment(env),
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout}${failed.stderr}` };
  }
}

/**
 * `npm ci --offline` (a fresh node_modules) or `npm install --offline` (what a person runs after
 * `realdeps init` added dev dependencies: it adds them to the node_modules there), after writing
 * the lockfile: the npm cache and the tarballs, nothing else.
 */
export async function installOffline(
  projectDir: string,
  tarballs: Record<string, Tarball>,
  verb: 'ci' | 'install',
): Promise<Run> {
  writeOfflineLockfile(projectDir, tarballs);
  return run(projectDir, 'npm', [verb, '--offline', '--no-audit', '--no-fund']);
}
