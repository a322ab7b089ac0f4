import type { ProvidedServers } from '@realdeps/provisioning/vitest';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { preparePostgresTemplate, type TemplateInfo, type TemplateOptions } from '../postgres-template.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated templates by name; `useIsolatedDatabase(name)` clones one (by default the first). */
    postgresTemplates: Record<string, TemplateInfo>;
  }
}

/**
 * A `prepare` hook for setupServers (globalSetup side: no test APIs here): migrates each
 * template once per migrations hash and provides them to test files. Give several when a
 * project runs more than one service (each with its own schema).
 */
export function postgresTemplate(...templates: [TemplateOptions, ...TemplateOptions[]]) {
  return async (servers: ProvidedServers, project: TestProject) => {
    if (!servers.postgres) throw new Error("postgresTemplate() needs 'postgres' in setupServers({ servers }).");
    const url = servers.postgres.url;
    const prepared = await Promise.all(templates.map((options) => preparePostgresTemplate(url, options)));
    project.provide(
      'postgresTemplates',
      Object.fromEntries(prepared.map(({ info }, index) => [templates[index]!.name, info])),
    );
    return async () => {
      await Promise.all(prepared.map(({ dispose }) => dispose()));
    };
  };
}
