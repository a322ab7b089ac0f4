import { randomUUID } from 'node:crypto';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startServers, type StartOptions } from '../start.js';
import type { ServerHandle, ServerInfoByKind, ServerKind } from '../types.js';

export type ProvidedServers = Partial<ServerInfoByKind>;

declare module 'vitest' {
  export interface ProvidedContext {
    /** The servers this run started, for `inject('servers')` in test files. */
    servers: ProvidedServers;
    /** Unique per run: for names that must not clash with another run on a shared server. */
    runId: string;
  }
}

export interface ServersSetupOptions extends StartOptions {
  /** The servers this project's tests need; they start in parallel, once per run. */
  servers: ServerKind[];
  /**
   * Runs after the servers are up, before any test file: migrate a template database,
   * provide more values. May return its own teardown, which runs before the servers stop.
   */
  prepare?: (servers: ProvidedServers, project: TestProject) => Promise<(() => Promise<void>) | void>;
}

/**
 * Builds a Vitest `globalSetup` function: `export default setupServers({ servers: ['postgres'] })`.
 * Servers stop when the run ends; if the runner dies instead (Ctrl-C, crash, SIGKILL), the
 * reaper stops them. With IT_REUSE=1 local servers stay warm for the next run.
 */
export function setupServers(options: ServersSetupOptions) {
  return async function globalSetup(project: TestProject): Promise<() => Promise<void>> {
    let handles: ServerHandle[] = [];
    let prepareTeardown: (() => Promise<void>) | void = undefined;
    const teardown = async () => {
      await prepareTeardown?.();
      await Promise.allSettled(handles.map((handle) => handle.stop()));
    };
    try {
      const started = Date.now();
      handles = await startServers(options.servers, options, 'Could not provision the servers this suite needs');
      const servers: ProvidedServers = Object.fromEntries(handles.map(({ info }) => [info.kind, info]));
      const summary = handles.map(({ info }) => `${info.kind} (${info.provider}) ${info.url}`).join(', ');
      console.info(`[provisioning] ready in ${Date.now() - started} ms: ${summary}`);
      project.provide('servers', servers);
      project.provide('runId', randomUUID());
      prepareTeardown = await options.prepare?.(servers, project);
      return teardown;
    } catch (error) {
      await teardown();
      throw error;
    }
  };
}
