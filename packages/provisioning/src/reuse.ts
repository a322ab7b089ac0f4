import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache-dir.js';
import { withFileLock } from './file-lock.js';
import type { LocalServerHandle, LocalServerState } from './local/local-server.js';
import { stopPid } from './local/server-process.js';
import { portAnswers } from './ports.js';
import type { ServerHandle, ServerInfo, ServerKind } from './types.js';

/**
 * Reuse mode (IT_REUSE=1) keeps local servers warm between runs for a fast edit-test loop.
 * Each running server is described by a state file; `realdeps-servers stop` ends them all.
 */
const stateFile = (kind: ServerKind) => join(cacheDir('reuse'), `${kind}.json`);

function readState<I extends ServerInfo>(kind: ServerKind): LocalServerState<I> | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(kind), 'utf8')) as LocalServerState<I>;
  } catch {
    return undefined;
  }
}

/** The warm server of this kind if one answers, else a new detached one recorded for next time. */
export async function startReused<I extends ServerInfo>(
  kind: ServerKind,
  start: () => Promise<LocalServerHandle<I>>,
): Promise<ServerHandle<I>> {
  return withFileLock(join(cacheDir('reuse'), `${kind}.lock`), `the reused ${kind} server`, 120_000, async () => {
    const warm = readState<I>(kind);
    if (warm && (await portAnswers(warm.info.port, warm.info.host))) {
      return { info: warm.info, stop: async () => undefined };
    }
    if (warm) await stopReusedState(warm);
    const started = await start();
    writeFileSync(stateFile(kind), JSON.stringify(started.state(), null, 2));
    // Leaving the run does not stop a reused server; `realdeps-servers stop` does.
    return { info: started.info, stop: async () => undefined };
  });
}

async function stopReusedState(state: LocalServerState<ServerInfo>): Promise<void> {
  await stopPid(state.pid, state.stopSignal);
  rmSync(state.dir, { recursive: true, force: true });
}

/** Stops every reused server and forgets it. Returns what it stopped, for the CLI to print. */
export async function stopReusedServers(): Promise<string[]> {
  const dir = cacheDir('reuse');
  const stopped: string[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const kind = file.replace(/\.json$/, '') as ServerKind;
    const state = readState(kind);
    if (state) {
      await stopReusedState(state);
      stopped.push(`${kind} (pid ${state.pid}, ${state.info.url})`);
    }
    if (existsSync(join(dir, file))) rmSync(join(dir, file));
  }
  return stopped;
}
