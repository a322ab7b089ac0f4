import { execFileSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { postgresBinDir } from '../binaries.js';
import { cacheDir } from '../cache-dir.js';
import { POSTGRES_TEST_SETTINGS } from '../postgres-settings.js';
import type { PostgresInfo } from '../types.js';
import { startLocalServer, type LocalServerHandle, type LocalServerOptions } from './local-server.js';

/** PostgreSQL refuses to run as root; as root we run it as this user (Debian's package creates it). */
function unprivilegedOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) {
    throw new Error(
      'Running as root, and there is no "postgres" user to run PostgreSQL as: apt-get install postgresql creates it.',
    );
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * An initialised cluster, made once per PostgreSQL version and copied for every server:
 * copying is ~40 ms where initdb is ~500 ms.
 */
function initialisedCluster(binDir: string, owner: { uid: number; gid: number } | undefined): string {
  const version = execFileSync(join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }).trim().split(' ').pop();
  const cluster = join(cacheDir('postgres'), `cluster-${version}`);
  if (existsSync(join(cluster, 'PG_VERSION'))) return cluster;

  const building = mkdtempSync(`${cluster}.building-`);
  if (owner) chownSync(building, owner.uid, owner.gid);
  const data = join(building, 'data');
  execFileSync(
    join(binDir, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'],
    { stdio: 'pipe', ...(owner ? { uid: owner.uid, gid: owner.gid } : {}) },
  );
  try {
    renameSync(data, cluster);
  } catch (error) {
    // Another run finished first; its cluster is as good as ours.
    if (!existsSync(join(cluster, 'PG_VERSION'))) throw error;
  }
  rmSync(building, { recursive: true, force: true });
  return cluster;
}

/** PostgreSQL from the machine's binaries, tuned for tests: no fsync, no durable commits. */
export async function startLocalPostgres(options: LocalServerOptions = {}): Promise<LocalServerHandle<PostgresInfo>> {
  const binDir = postgresBinDir();
  const owner = unprivilegedOwner();
  const cluster = initialisedCluster(binDir, owner);
  return startLocalServer<PostgresInfo>(
    {
      kind: 'postgres',
      owner,
      prepare: (dir) => {
        mkdirSync(join(dir, 'socket'));
        cpSync(cluster, join(dir, 'data'), { recursive: true, preserveTimestamps: true });
        if (owner) execFileSync('chown', ['-R', `${owner.uid}:${owner.gid}`, dir]);
      },
      spec: (dir, port) => ({
        name: 'postgres',
        command: join(binDir, 'postgres'),
        args: [
          '-D',
          join(dir, 'data'),
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-k',
          join(dir, 'socket'),
          ...POSTGRES_TEST_SETTINGS.flatMap((setting) => ['-c', setting]),
          '-c',
          'shared_buffers=64MB',
          '-c',
          'log_min_messages=warning',
        ],
        logFile: join(dir, 'server.log'),
        readyPattern: /database system is ready to accept connections/,
        startTimeoutMs: 15_000,
        // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to leave.
        stopSignal: 'SIGINT',
        ...(owner ?? {}),
      }),
      info: (port) => ({
        kind: 'postgres',
        provider: 'local',
        host: '127.0.0.1',
        port,
        user: 'postgres',
        password: '',
        database: 'postgres',
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      }),
    },
    options,
  );
}
