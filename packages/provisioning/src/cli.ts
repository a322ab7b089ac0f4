#!/usr/bin/env node
/**
 * realdeps-servers: servers outside a test run (reuse mode, external lanes, CI preparation).
 *   realdeps-servers start [postgres] [redis] [neo4j]   start warm local servers (IT_REUSE) and
 *                                                       print IT_<KIND>_URL=... lines for them
 *   realdeps-servers run [kinds...] -- <command...>     start each server once (IT_PROVIDER picks
 *                                                       where from), run the command with
 *                                                       IT_PROVIDER=external and IT_<KIND>_URL set,
 *                                                       so every suite it runs shares them; stop
 *                                                       them and exit with the command's code
 *   realdeps-servers stop                               stop every warm server
 *   realdeps-servers prepare                            build the Neo4j launcher now and print
 *                                                       NEO4J_LAUNCHER_DIR=... (its jar and lib/)
 */
import { ensureNeo4jLauncher } from './local/neo4j.js';
import { stopReusedServers } from './reuse.js';
import { runWithSharedServers } from './shared-run.js';
import { startServer } from './start.js';
import { SERVER_KINDS, type ServerKind } from './types.js';

const [command = '', ...args] = process.argv.slice(2);
const log = (message: string) => console.error(message);

function serverKinds(names: string[]): ServerKind[] {
  const kinds = names.length > 0 ? names : SERVER_KINDS;
  const unknown = kinds.filter((kind) => !(SERVER_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0)
    throw new Error(`Unknown server kind: ${unknown.join(', ')}. Use ${SERVER_KINDS.join(', ')}.`);
  return kinds as ServerKind[];
}

if (command === 'start') {
  for (const kind of serverKinds(args)) {
    const { info } = await startServer(kind, { provider: 'local', reuse: true, log });
    console.info(`IT_${kind.toUpperCase()}_URL=${info.url}`);
  }
} else if (command === 'run') {
  const separator = args.indexOf('--');
  if (separator < 0 || separator === args.length - 1) {
    throw new Error('usage: realdeps-servers run [postgres] [redis] [neo4j] -- <command> [args...]');
  }
  process.exitCode = await runWithSharedServers(serverKinds(args.slice(0, separator)), args.slice(separator + 1), log);
} else if (command === 'stop') {
  const stopped = await stopReusedServers();
  log(stopped.length > 0 ? `stopped: ${stopped.join('; ')}` : 'no warm servers were running');
} else if (command === 'prepare') {
  const launcher = await ensureNeo4jLauncher();
  log(`Neo4j launcher ready (${launcher.classpath})`);
  console.info(`NEO4J_LAUNCHER_DIR=${launcher.buildDir}`);
} else {
  log('usage: realdeps-servers start [postgres] [redis] [neo4j] | run [kinds...] -- <command...> | stop | prepare');
  process.exitCode = 2;
}
