import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { requireOnPath } from '../binaries.js';
import { withFileLock } from '../file-lock.js';
import type { Neo4jInfo } from '../types.js';
import { startLocalServer, type LocalServerHandle, type LocalServerOptions } from './local-server.js';
import { startServerProcess, stopServerProcess, type ServerProcessSpec } from './server-process.js';

const DEFAULT_LAUNCHER_DIR = fileURLToPath(new URL('../../neo4j-launcher/', import.meta.url));

/** Heap and page cache are capped: the test graphs are small, and three servers share 2 cores. */
const JAVA_FLAGS = [
  '-Xms64m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  // C1 only: a faster start, and (npm run bench:memory) 3-8x faster short traversals on
  // 2 cores, where C2 compiling competes with the queries; bulk loads are ~2x slower.
  '-XX:TieredStopAtLevel=1',
  '-XX:+ExitOnOutOfMemoryError',
  '-Xlog:cds=off',
  '-Xlog:cds+dynamic=off',
  // The flags Neo4j's own start script passes on Java 17.
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
];
const PAGE_CACHE_MB = '32';

interface Launcher {
  java: string;
  classpath: string;
  /** A class-data-sharing archive of Neo4j's classes: cuts JVM start from ~4.5 s to ~2.6 s. */
  classArchive: string;
}

function launcherSpec(
  launcher: Launcher,
  dir: string,
  port: number,
  archiveFlag: string,
): Omit<ServerProcessSpec, 'detached'> {
  return {
    name: 'neo4j (packages/provisioning/neo4j-launcher)',
    command: launcher.java,
    args: [
      ...JAVA_FLAGS,
      archiveFlag,
      '-cp',
      launcher.classpath,
      'launcher.Neo4jLauncher',
      join(dir, 'home'),
      String(port),
      PAGE_CACHE_MB,
    ],
    logFile: join(dir, 'server.log'),
    readyPattern: /NEO4J_READY/,
    startTimeoutMs: 60_000,
    stopSignal: 'SIGTERM',
    reapSignal: 'SIGKILL',
  };
}

/** The built jar is older than the launcher's pom or source: build it (and its class archive) again. */
function launcherOutdated(dir: string, jar: string): boolean {
  if (!existsSync(jar)) return true;
  const built = statSync(jar).mtimeMs;
  const sources = [join(dir, 'pom.xml'), join(dir, 'src', 'main', 'java', 'launcher', 'Neo4jLauncher.java')];
  return sources.some((source) => existsSync(source) && statSync(source).mtimeMs > built);
}

/**
 * Builds the launcher on first use (and after its source changes): Maven fetches Neo4j
 * Community from Maven Central into packages/provisioning/neo4j-launcher/target, then one training start
 * records the class archive.
 */
export async function ensureNeo4jLauncher(
  dir = process.env.IT_NEO4J_LAUNCHER_DIR ?? DEFAULT_LAUNCHER_DIR,
): Promise<Launcher> {
  const java = requireOnPath('java', 'apt-get install openjdk-17-jre-headless', 'IT_NEO4J_URL');
  const target = join(dir, 'target');
  const jar = join(target, 'neo4j-launcher.jar');
  const launcher: Launcher = {
    java,
    classpath: `${jar}:${join(target, 'lib', '*')}`,
    classArchive: join(target, 'neo4j-classes.jsa'),
  };
  if (!launcherOutdated(dir, jar) && existsSync(launcher.classArchive)) return launcher;

  return withFileLock(join(dir, '.build-lock'), 'building the Neo4j launcher', 600_000, async () => {
    if (launcherOutdated(dir, jar)) {
      rmSync(launcher.classArchive, { force: true });
      const mvn = requireOnPath('mvn', 'apt-get install maven', 'IT_NEO4J_URL');
      console.info(
        '[provisioning] first use: fetching Neo4j Community from Maven Central (packages/provisioning/neo4j-launcher)',
      );
      await promisify(execFile)(mvn, ['-B', '-q', '-f', join(dir, 'pom.xml'), 'package', '-DskipTests'], {
        timeout: 600_000,
        maxBuffer: 16 * 1024 * 1024,
      });
    }
    if (!existsSync(launcher.classArchive)) {
      const training = mkdtempSync(join(target, 'training-'));
      const pending = `${launcher.classArchive}.partial`;
      const spec = { ...launcherSpec(launcher, training, 0, `-XX:ArchiveClassesAtExit=${pending}`), detached: false };
      const pid = await startServerProcess(spec);
      await stopServerProcess(pid, spec);
      if (existsSync(pending)) renameSync(pending, launcher.classArchive);
      rmSync(training, { recursive: true, force: true });
    }
    return launcher;
  });
}

/** Neo4j Community 5.26 embedded in a small JVM, Bolt only, no auth, on a loopback port. */
export async function startLocalNeo4j(options: LocalServerOptions = {}): Promise<LocalServerHandle<Neo4jInfo>> {
  const launcher = await ensureNeo4jLauncher();
  return startLocalServer<Neo4jInfo>(
    {
      kind: 'neo4j',
      spec: (dir, port) => launcherSpec(launcher, dir, port, `-XX:SharedArchiveFile=${launcher.classArchive}`),
      info: (port) => ({
        kind: 'neo4j',
        provider: 'local',
        host: '127.0.0.1',
        port,
        user: 'neo4j',
        password: '',
        url: `bolt://127.0.0.1:${port}`,
      }),
    },
    options,
  );
}
