import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { requireOnPath } from '../binaries.js';
import { cacheDir } from '../cache-dir.js';
import { withFileLock } from '../file-lock.js';
import type { Neo4jInfo } from '../types.js';
import { startLocalServer, type LocalServerHandle, type LocalServerOptions } from './local-server.js';
import { startServerProcess, stopServerProcess, type ServerProcessSpec } from './server-process.js';

/** The launcher's Maven project ships inside this package (pom.xml and one Java class). */
const LAUNCHER_SOURCE_DIR = fileURLToPath(new URL('../../neo4j-launcher/', import.meta.url));
const LAUNCHER_SOURCES = ['pom.xml', join('src', 'main', 'java', 'launcher', 'Neo4jLauncher.java')];

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
  /** The jar, its lib/ of Neo4j's jars and the class archive. */
  buildDir: string;
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
    name: "neo4j (the provisioning package's neo4j-launcher)",
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

/**
 * Where a build of these launcher sources lives: a directory of the cache named by their hash,
 * so an installed package never writes into node_modules, a changed launcher builds afresh,
 * and `npm ci` (which empties node_modules) does not cost a rebuild.
 */
function launcherBuildDir(): string {
  const hash = createHash('sha256');
  for (const source of LAUNCHER_SOURCES) hash.update(readFileSync(join(LAUNCHER_SOURCE_DIR, source)));
  return cacheDir('neo4j-launcher', hash.digest('hex').slice(0, 12));
}

/**
 * Builds the launcher on first use (and after its source changes): Maven fetches Neo4j
 * Community from Maven Central into the launcher's build directory, then one training start
 * records the class archive.
 */
export async function ensureNeo4jLauncher(): Promise<Launcher> {
  const java = requireOnPath('java', 'apt-get install openjdk-17-jre-headless', 'IT_NEO4J_URL');
  const target = launcherBuildDir();
  const jar = join(target, 'neo4j-launcher.jar');
  const launcher: Launcher = {
    java,
    buildDir: target,
    classpath: `${jar}:${join(target, 'lib', '*')}`,
    classArchive: join(target, 'neo4j-classes.jsa'),
  };
  if (existsSync(jar) && existsSync(launcher.classArchive)) return launcher;

  return withFileLock(join(target, '.build-lock'), 'building the Neo4j launcher', 600_000, async () => {
    if (!existsSync(jar)) {
      rmSync(launcher.classArchive, { force: true });
      const mvn = requireOnPath('mvn', 'apt-get install maven', 'IT_NEO4J_URL');
      console.info(`[provisioning] first use: fetching Neo4j Community from Maven Central into ${target}`);
      const pom = join(LAUNCHER_SOURCE_DIR, 'pom.xml');
      await promisify(execFile)(
        mvn,
        ['-B', '-q', '-f', pom, 'package', '-DskipTests', `-Dlauncher.buildDirectory=${target}`],
        {
          timeout: 600_000,
          maxBuffer: 16 * 1024 * 1024,
        },
      );
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
