import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { DeadlineError } from '../deadline.js';
import { guardProcess, releaseProcess } from '../reaper.js';

export interface ServerProcessSpec {
  /** Program name used in messages, e.g. `redis-server`. */
  name: string;
  command: string;
  args: string[];
  /** stdout and stderr are appended here; readiness is read from it. */
  logFile: string;
  readyPattern: RegExp;
  startTimeoutMs: number;
  /** The signal that asks this server for a quick, clean shutdown. */
  stopSignal: NodeJS.Signals;
  /**
   * The signal the reaper sends when this process died without stopping the server. Its data
   * directory is deleted right after, so a slow clean shutdown buys nothing: Neo4j's takes
   * seconds (a JVM checkpointing), and Ctrl-C should leave nothing running. Default: stopSignal.
   */
  reapSignal?: NodeJS.Signals;
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
  /** Reuse mode: the server outlives this process, so it is neither attached nor reaped. */
  detached?: boolean;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Stops `pid` with `signal`, then SIGKILL after `timeoutMs`. Resolves when it is gone. */
export async function stopPid(pid: number, signal: NodeJS.Signals, timeoutMs = 10_000): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Starts a server program and resolves with its pid once `readyPattern` appears in its log.
 * Rejects with the log's last lines if the program exits first or the deadline passes, and
 * never leaves the program running after a rejection.
 */
export async function startServerProcess(spec: ServerProcessSpec): Promise<number> {
  let offset = 0;
  try {
    offset = statSync(spec.logFile).size;
  } catch {
    /* new log */
  }
  const log = openSync(spec.logFile, 'a');
  const child = spawn(spec.command, spec.args, {
    stdio: ['ignore', log, log],
    detached: spec.detached ?? false,
    env: spec.env ?? process.env,
    ...(spec.uid === undefined ? {} : { uid: spec.uid, gid: spec.gid }),
  });
  closeSync(log);
  let exitCode: number | null | undefined;
  let spawnError: Error | undefined;
  child.on('exit', (code, signal) => (exitCode = code ?? (signal ? -1 : null)));
  child.on('error', (error) => (spawnError = error));
  const pid = child.pid;
  if (spec.detached) child.unref();
  if (pid === undefined) {
    await new Promise((resolve) => setImmediate(resolve));
    throw new Error(`Could not start ${spec.name} (${spec.command}): ${spawnError?.message ?? 'no pid'}`);
  }
  if (!spec.detached) guardProcess(pid, spec.reapSignal ?? spec.stopSignal);

  const output = () => readFileSync(spec.logFile, 'utf8').slice(offset);
  const started = Date.now();
  for (;;) {
    const text = output();
    if (spec.readyPattern.test(text)) return pid;
    if (exitCode !== undefined || spawnError) {
      if (!spec.detached) releaseProcess(pid);
      throw new Error(
        `${spec.name} exited (code ${String(exitCode)}) before it was ready. Its last output:\n${tail(text)}`,
      );
    }
    if (Date.now() - started > spec.startTimeoutMs) {
      await stopServerProcess(pid, spec);
      throw new DeadlineError(
        `Timed out after ${spec.startTimeoutMs} ms waiting for ${spec.name} to be ready ` +
          `(${String(spec.readyPattern)} in ${spec.logFile}). Its last output:\n${tail(text)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function stopServerProcess(
  pid: number,
  spec: Pick<ServerProcessSpec, 'stopSignal' | 'detached'>,
): Promise<void> {
  await stopPid(pid, spec.stopSignal);
  if (!spec.detached) releaseProcess(pid);
}
