#!/usr/bin/env -S npx tsx
/**
 * it-servers: manage the servers reuse mode keeps warm.
 *   it-servers stop          stop every reused server
 *   it-servers prepare       build the Neo4j launcher now (CI does this before the tests)
 */
import { ensureNeo4jLauncher } from './local/neo4j.js';
import { stopReusedServers } from './reuse.js';

const command = process.argv[2];
if (command === 'stop') {
  const stopped = await stopReusedServers();
  console.info(stopped.length > 0 ? `stopped: ${stopped.join('; ')}` : 'no reused servers were running');
} else if (command === 'prepare') {
  const launcher = await ensureNeo4jLauncher();
  console.info(`Neo4j launcher ready (${launcher.classpath})`);
} else {
  console.error('usage: it-servers stop | prepare');
  process.exitCode = 2;
}
