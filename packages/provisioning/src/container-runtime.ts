import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Sockets where Docker-compatible engines usually listen, most specific first. */
function candidateSockets(env: Record<string, string | undefined>): string[] {
  const sockets: string[] = [];
  const dockerHost = env.DOCKER_HOST;
  if (dockerHost?.startsWith('unix://')) sockets.push(dockerHost.slice('unix://'.length));
  if (env.XDG_RUNTIME_DIR) {
    sockets.push(join(env.XDG_RUNTIME_DIR, 'docker.sock'), join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'));
  }
  sockets.push('/var/run/docker.sock', join(homedir(), '.docker', 'run', 'docker.sock'));
  return sockets;
}

function ping(options: { socketPath?: string; host?: string; port?: number }, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ ...options, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * Whether a container engine answers `/_ping` within `timeoutMs`. Bounded so `auto` never
 * hangs on a dead socket. TCP `DOCKER_HOST`s are pinged without TLS.
 */
export async function containerRuntimeAnswers(
  env: Record<string, string | undefined> = process.env,
  timeoutMs = 1000,
): Promise<boolean> {
  const dockerHost = env.DOCKER_HOST;
  if (dockerHost?.startsWith('tcp://')) {
    const url = new URL(dockerHost.replace('tcp://', 'http://'));
    return ping({ host: url.hostname, port: Number(url.port || 2375) }, timeoutMs);
  }
  for (const socketPath of candidateSockets(env)) {
    if (existsSync(socketPath) && (await ping({ socketPath }, timeoutMs))) return true;
  }
  return false;
}
