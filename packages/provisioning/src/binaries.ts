import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A missing program, with the three ways out a person can take. */
export class MissingBinaryError extends Error {
  override name = 'MissingBinaryError';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH, or undefined. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(isExecutable);
}

export function missing(what: string, install: string, urlVariable: string): MissingBinaryError {
  return new MissingBinaryError(
    `${what}: install it (${install}), or set ${urlVariable} to a running server, or start a container runtime.`,
  );
}

/**
 * The directory holding PostgreSQL's `initdb` and `postgres`: `IT_POSTGRES_BIN_DIR` if set
 * (and nothing else), else PATH, else Debian's /usr/lib/postgresql/<newest>/bin.
 */
export function postgresBinDir(env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env.IT_POSTGRES_BIN_DIR;
  const candidates: string[] = [];
  if (fromEnv) {
    candidates.push(fromEnv);
  } else {
    const onPathPostgres = onPath('postgres', env.PATH);
    if (onPathPostgres) candidates.push(join(onPathPostgres, '..'));
    const debianRoot = '/usr/lib/postgresql';
    if (existsSync(debianRoot)) {
      const versions = readdirSync(debianRoot).sort((a, b) => Number(b) - Number(a));
      candidates.push(...versions.map((version) => join(debianRoot, version, 'bin')));
    }
  }
  const found = candidates.find((dir) => isExecutable(join(dir, 'postgres')) && isExecutable(join(dir, 'initdb')));
  if (!found) {
    const where = fromEnv ? `in IT_POSTGRES_BIN_DIR (${fromEnv})` : 'on PATH or in /usr/lib/postgresql/*/bin';
    throw missing(
      `PostgreSQL server binaries (initdb, postgres) not found ${where}`,
      'apt-get install postgresql',
      'IT_POSTGRES_URL',
    );
  }
  return found;
}

export function requireOnPath(name: string, install: string, urlVariable: string, path?: string): string {
  const found = onPath(name, path);
  if (!found) throw missing(`${name} not found on PATH`, install, urlVariable);
  return found;
}
