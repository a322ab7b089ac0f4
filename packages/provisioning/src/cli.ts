#!/usr/bin/env node
/**
 * realdeps-servers: servers outside a test run (reuse mode, external lanes, CI preparation).
 *   realdeps-servers start [postgres] [redis] [neo4j]   start warm local servers (IT_REUSE) and
 *                                                       print IT_<KIND>_URL=... lines for them
 *   realdeps-servers stop                               stop every warm server
 *   realdeps-servers prepare                            build the Neo4j launcher now and print
 *                                                       NEO4J_LAUNCHER_DIR=... (its jar and lib/)
 */
import { ensureNeo4jLauncher } from './local/neo4j.js';
import { stopReusedServers } from './reuse.js';
import { startServer } from './start.js';
import { SERVER_KINDS, type ServerKind } from './types.js';

const [command = '', ...args] = process.argv.slice(2);
const log = (message: string) => console.error(message);

if (command === 'start') {
  const kinds = args.length > 0 ? args : SERVER_KINDS;
  const unknown = kinds.filter((kind) => !(SERVER_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0)
    throw new Error(`Unknown server kind: ${unknown.join(', ')}. Use ${SERVER_KINDS.join(', ')}.`);
  for (const kind of kinds as ServerKind[]) {
    const { info } = await startServer(kind, { provider: 'local', reuse: true, log });
    console.info(`IT_${kind.toUpperCase()}_URL=${info.url}`);
  }
} else if (command === 'stop') {
  const stopped = await stopReusedServers();
  log(stopped.length > 0 ? `stopped: ${stopped.join('; ')}` : 'no warm servers were running');
} else if (command === 'prepare') {
  const launcher = await ensureNeo4jLauncher();
  log(`Neo4j launcher ready (${launcher.classpath})`);
  console.info(`NEO4J_LAUNCHER_DIR=${launcher.buildDir}`);
} else {
  log('usage: realdeps-servers start [postgres] [redis] [neo4j] | stop | prepare');
  process.exitCode = 2;
}
