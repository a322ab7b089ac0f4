import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ports.js';
import { guardDirectory, releaseDirectory } from '../reaper.js';
import type { ServerHandle, ServerInfo, ServerKind } from '../types.js';
import { startServerProcess, stopServerProcess, type ServerProcessSpec } from './server-process.js';

export interface LocalServerOptions {
  /** Keep the server running after this process exits (IT_REUSE=1); `stop()` still ends it. */
  detached?: boolean;
}

/** What a local server knows once it runs: enough to stop it from another process later. */
export interface LocalServerState<I extends ServerInfo> {
  info: I;
  pid: number;
  dir: string;
  stopSignal: NodeJS.Signals;
}

export interface LocalServerRecipe<I extends ServerInfo> {
  kind: ServerKind;
  /** Fills the fresh working directory before the first start (runs once). */
  prepare?(dir: string): Promise<void> | void;
  spec(dir: string, port: number): Omit<ServerProcessSpec, 'detached'>;
  info(port: number): I;
  /** The unprivileged user that must own the working directory (PostgreSQL as root). */
  owner?: { uid: number; gid: number };
}

const BIND_FAILURE = /address already in use|could not bind|could not create listen socket|BindException/i;

export interface LocalServerHandle<I extends ServerInfo> extends ServerHandle<I> {
  state(): LocalServerState<I>;
}

/**
 * Runs one server program in its own temporary directory on a free loopback port (a few
 * tries if another process grabs the port first) and returns a handle that can pause,
 * resume and stop it. The directory is removed on stop, or by the reaper if we die first.
 */
export async function startLocalServer<I extends ServerInfo>(
  recipe: LocalServerRecipe<I>,
  options: LocalServerOptions = {},
): Promise<LocalServerHandle<I>> {
  const detached = options.detached ?? false;
  const dir = mkdtempSync(join(tmpdir(), `it-${recipe.kind}-`));
  if (!detached) guardDirectory(dir);
  const cleanUp = () => {
    rmSync(dir, { recursive: true, force: true });
    if (!detached) releaseDirectory(dir);
  };
  try {
    if (recipe.owner) chownSync(dir, recipe.owner.uid, recipe.owner.gid);
    await recipe.prepare?.(dir);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const spec: ServerProcessSpec = { ...recipe.spec(dir, port), detached };
      try {
        let pid: number | undefined = await startServerProcess(spec);
        const info = recipe.info(port);
        return {
          info,
          state: () => ({ info, pid: pid ?? 0, dir, stopSignal: spec.stopSignal }),
          pause: async () => {
            if (pid !== undefined) await stopServerProcess(pid, spec);
            pid = undefined;
          },
          resume: async () => {
            pid ??= await startServerProcess(spec);
          },
          stop: async () => {
            if (pid !== undefined) await stopServerProcess(pid, spec);
            pid = undefined;
            cleanUp();
          },
        };
      } catch (error) {
        const retry = attempt < 3 && error instanceof Error && BIND_FAILURE.test(error.message);
        if (!retry) throw error;
      }
    }
  } catch (error) {
    cleanUp();
    throw error;
  }
}
