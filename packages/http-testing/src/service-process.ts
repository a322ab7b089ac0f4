import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface ServiceProcessOptions {
  /** The file `npm start` runs, e.g. `src/main.ts`. */
  entry: string;
  /** Added to this process's environment. Its log level must let Fastify's info line 'Server listening at' through. */
  env: Record<string, string>;
  /** Node options before the entry; the default runs TypeScript through tsx. */
  nodeArgs?: string[];
  /** How long the service may take to listen before the start fails. Default 30 s. */
  listenTimeoutMs?: number;
}

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  /** Every line the service wrote to stdout, parsed as JSON where it is JSON (Fastify's pino logs). */
  logs: Record<string, unknown>[];
  /** Sends the signal and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const LISTENING = /Server listening at http:\/\/[^\s]+:(\d+)$/;

/**
 * A service as its own process, as `npm start` runs it: for what only a process shows (signals,
 * crashes, exit codes). Resolves once Fastify logs that it listens; stderr shows in the test output.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? ['--import', 'tsx']), options.entry], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Record<string, unknown>[] = [];
  const timeoutMs = options.listenTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${options.entry} exited with ${code} before it listened`)));
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.entry} did not log "Server listening at" within ${timeoutMs} ms`));
    }, timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = parseLine(line);
      logs.push(entry);
      const found = LISTENING.exec(typeof entry.msg === 'string' ? entry.msg : '')?.[1];
      if (found) resolve(Number(found));
    });
  }).finally(() => clearTimeout(timer));

  return {
    child,
    port,
    logs,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      return ((await exited) as [number | null])[0];
    },
  };
}

function parseLine(line: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // Not a log line: kept as its text.
  }
  return { msg: line };
}
