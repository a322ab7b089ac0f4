import type { ViteUserConfig } from 'vitest/config';

type TestOptions = NonNullable<ViteUserConfig['test']>;

export interface IntegrationConfigOptions {
  /** The suite's folder (`import.meta.dirname`); tests, global setup and reports resolve from it. */
  root?: string;
  /** Vitest global setup files; `setupServers(...)` lives there. Default `./global-setup.ts`, `[]` for none. */
  globalSetup?: string[];
  /**
   * The service source this suite drives, for `--coverage` (for example `../api/src`). The
   * report goes to `<root>/../../coverage/<name>`.
   */
  coverageOf?: string;
  /**
   * Percentages under which a `--coverage` run fails, set just under the service's current
   * figures so that a drop fails the run (Vitest's `coverage.thresholds`).
   */
  coverageThresholds?: { lines?: number; branches?: number; functions?: number; statements?: number };
  /** Anything else for Vitest's `test` block; it wins over the defaults above. */
  test?: TestOptions;
}

/**
 * The Vitest config of an integration suite, so every suite has the same defaults:
 *
 * - `tests/**\/*.spec.ts` with `./global-setup.ts`;
 * - 2 workers: with the service graph imported once per worker, api-integration took 23 s on
 *   2 cores with 2 workers, 28 s with 1 and 32 s with 4 (2026-12-07);
 * - 30 s per test and 60 s per hook: a first Neo4j start or a template database copy under load
 *   fits, a hang still ends;
 * - module isolation off: a worker imports the service graph once, not once per file. Each file
 *   still gets its own database, key prefix and namespace from `@realdeps/isolation`, and its
 *   own app, so no state crosses files through the servers; a suite that keeps state in a
 *   module (a `vi.mock`, a global) sets `test: { isolate: true }`.
 *
 * `vitest.config.mts`: `export default defineIntegrationConfig({ root: import.meta.dirname })`.
 */
export function defineIntegrationConfig(options: IntegrationConfigOptions = {}): ViteUserConfig {
  const { root, globalSetup = ['./global-setup.ts'], coverageOf, coverageThresholds, test = {} } = options;
  const coverage: TestOptions['coverage'] = coverageOf
    ? {
        provider: 'v8',
        include: [`${coverageOf.replace(/\/$/, '')}/**/*.ts`],
        // Colocated unit tests are not service code.
        exclude: ['**/*.spec.ts'],
        // The service source sits outside the suite's root.
        allowExternal: true,
        reportsDirectory: `../../coverage/${serviceName(coverageOf)}`,
        reporter: ['text-summary', 'html', 'lcov', 'json-summary'],
        ...(coverageThresholds ? { thresholds: coverageThresholds } : {}),
      }
    : undefined;
  return {
    ...(root ? { root } : {}),
    test: {
      include: ['tests/**/*.spec.ts'],
      globalSetup,
      maxWorkers: 2,
      testTimeout: 30_000,
      hookTimeout: 60_000,
      isolate: false,
      ...(coverage ? { coverage } : {}),
      ...test,
    },
  };
}

/** `../api/src` → `api`: the folder above `src`, else the last folder. */
function serviceName(source: string): string {
  const parts = source.split('/').filter((part) => part && part !== '.' && part !== '..');
  const last = parts.at(-1) ?? 'service';
  return last === 'src' && parts.length > 1 ? (parts.at(-2) ?? last) : last;
}
