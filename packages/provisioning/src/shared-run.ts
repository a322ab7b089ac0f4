import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { SHARED_BY_VARIABLE, urlVariable } from './provider-choice.js';
import { startServers, type StartOptions } from './start.js';
import type { Neo4jInfo, ServerHandle, ServerInfo, ServerKind } from './types.js';

/**
 * The environment a command gets when it shares servers: every suite it runs sees external
 * servers at these URLs and makes its own databases, key prefixes and namespaces on them.
 */
export function sharedServersEnv(
  handles: ServerHandle[],
  env: Record<string, string | undefined> = process.env,
): Record<string, string | undefined> {
  const shared: Record<string, string | undefined> = { ...env, IT_PROVIDER: 'external' };
  for (const { info } of handles) shared[urlVariable(info.kind)] = urlWithCredentials(info);
  shared[SHARED_BY_VARIABLE] = handles.map(({ info }) => `${info.kind} (${info.provider})`).join(', ');
  return shared;
}

/**
 * The URL an external provider reads back into the same server info. Neo4j's credentials sit
 * beside its URL (the driver takes them apart), so they go back into it; a container's Neo4j
 * has a password.
 */
function urlWithCredentials(info: ServerInfo): string {
  const { user, password } = info as Partial<Neo4jInfo>;
  if (info.kind !== 'neo4j' || (!user && !password)) return info.url;
  const url = new URL(info.url);
  url.username = user ?? '';
  url.password = password ?? '';
  return url.toString();
}

/**
 * Starts each kind of server once, through the provider IT_PROVIDER selects, runs the command
 * with those servers as external ones, stops them, and returns the command's exit code. A
 * command killed by a signal counts as a failure (128 + its number, as a shell reports it).
 */
export async function runWithSharedServers(
  kinds: ServerKind[],
  command: string[],
  log: (message: string) => void,
  options: StartOptions = {},
): Promise<number> {
  const started = Date.now();
  const handles = await startServers(kinds, { log, ...options }, 'Could not start the servers to share');
  const env = sharedServersEnv(handles, options.env);
  log(
    `[provisioning] shared by every suite of this run, ready in ${Date.now() - started} ms: ${env[SHARED_BY_VARIABLE]}`,
  );

  const [program = '', ...args] = command;
  const child = spawn(program, args, { stdio: 'inherit', env });
  // Ctrl-C reaches the whole process group; a SIGTERM sent to us alone is passed on.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  const code = await new Promise<number>((resolve) => {
    child.once('error', (error) => {
      log(`could not run ${program}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
  process.off('SIGINT', ignore);
  process.off('SIGTERM', forward);
  await Promise.allSettled(handles.map((handle) => handle.stop()));
  return code;
}
