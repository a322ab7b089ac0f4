import type { ProvidedServers } from '@repo/provisioning/vitest';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { preparePostgresTemplate, type TemplateInfo, type TemplateOptions } from '../postgres-template.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template that `useIsolatedDatabase()` clones. */
    postgresTemplate: TemplateInfo;
  }
}

/**
 * A `prepare` hook for setupServers (globalSetup side: no test APIs here): migrates the
 * template once per migrations hash and provides it to test files.
 */
export function postgresTemplate(options: TemplateOptions) {
  return async (servers: ProvidedServers, project: TestProject) => {
    if (!servers.postgres) throw new Error("postgresTemplate() needs 'postgres' in setupServers({ servers }).");
    const { info, dispose } = await preparePostgresTemplate(servers.postgres.url, options);
    project.provide('postgresTemplate', info);
    return dispose;
  };
}
