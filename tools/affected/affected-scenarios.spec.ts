import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const workspace = fileURLToPath(new URL('../../', import.meta.url));

/** The integration suites `nx affected -t integration` would run for a change to these files. */
function affectedSuites(...files: string[]): string[] {
  const output = execFileSync(
    process.execPath,
    [
      `${workspace}node_modules/nx/dist/bin/nx.js`,
      'show',
      'projects',
      '--affected',
      `--files=${files.join(',')}`,
      '--json',
    ],
    {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    },
  );
  return (JSON.parse(output) as string[]).filter((name) => name.endsWith('-integration')).sort();
}

/**
 * Suites affected by an uncommitted edit, in a throwaway git worktree of HEAD (for changes Nx
 * must diff by content, such as a lockfile). The user's checkout is never touched.
 */
function affectedSuitesAfterEdit(edit: (worktree: string) => void): string[] {
  const parent = mkdtempSync(join(tmpdir(), 'affected-'));
  const worktree = join(parent, 'repo');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, stdio: 'pipe' });
  git('worktree', 'add', '--detach', worktree, 'HEAD');
  try {
    symlinkSync(join(workspace, 'node_modules'), join(worktree, 'node_modules'));
    edit(worktree);
    const output = execFileSync(
      process.execPath,
      [join(worktree, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects', '--affected', '--base=HEAD', '--json'],
      {
        cwd: worktree,
        encoding: 'utf8',
        env: { ...process.env, NX_DAEMON: 'false' },
      },
    );
    return (JSON.parse(output) as string[]).filter((name) => name.endsWith('-integration')).sort();
  } finally {
    git('worktree', 'remove', '--force', worktree);
    rmSync(parent, { recursive: true, force: true });
  }
}

const ALL = [
  'adoption-integration',
  'api-integration',
  'cross-service-integration',
  'docs-integration',
  'memory-integration',
  'nx-plugin-integration',
  'test-utils-integration',
];

/**
 * The PR gate's promise, as a table: for a realistic change, exactly the integration suites
 * that change can break. Each row says why.
 */
const SCENARIOS: { change: string; files: string[]; suites: string[]; why: string }[] = [
  {
    change: 'a docs service source file',
    files: ['apps/docs/src/search/search-repository.ts'],
    suites: ['cross-service-integration', 'docs-integration'],
    why: 'its own suite, and the cross-service suite that searches it from the api',
  },
  {
    change: 'an api migration',
    files: ['apps/api/migrations/0000_init.sql'],
    suites: ['api-integration', 'cross-service-integration'],
    why: 'migrations belong to the api project; the suites that run the api clone its template',
  },
  {
    change: 'a memory repository',
    files: ['apps/memory/src/graph/graph-repository.ts'],
    suites: ['cross-service-integration', 'memory-integration'],
    why: 'its own suite, and the client tests that call it',
  },
  {
    change: 'the service clients',
    files: ['libs/shared/service-clients/src/resilient-http.ts'],
    suites: ['api-integration', 'cross-service-integration'],
    why: 'the api consumer contract tests and the cross-service suite drive them',
  },
  {
    change: 'one test of a suite',
    files: ['apps/docs-integration/tests/files.spec.ts'],
    suites: ['docs-integration'],
    why: "another project's tests cannot break",
  },
  {
    change: 'the provisioning library',
    files: ['packages/provisioning/src/start.ts'],
    suites: ALL,
    why: 'every suite gets its servers through it',
  },
  {
    change: 'the fake Claude API',
    files: ['packages/fakes/src/fake-claude.ts'],
    suites: ['docs-integration', 'test-utils-integration'],
    why: 'Nx sees packages, not files: the toolkit suite uses the same package for its embeddings fake',
  },
  {
    change: 'the TCP fault proxy',
    files: ['packages/faults/src/tcp-fault-proxy.ts'],
    suites: ['api-integration', 'cross-service-integration', 'memory-integration'],
    why: 'the outage tests and the client tests use it',
  },
  {
    change: 'the shared PostgreSQL kit',
    files: ['libs/shared/postgres-kit/src/migrate.ts'],
    suites: ['api-integration', 'cross-service-integration', 'docs-integration'],
    why: 'the two PostgreSQL services depend on it, memory does not',
  },
  {
    change: 'the service kit (errors, validation)',
    files: ['libs/shared/service-kit/src/problem.ts'],
    suites: ['api-integration', 'cross-service-integration', 'docs-integration', 'memory-integration'],
    why: 'every service is built on it, and the client tests boot memory',
  },
  {
    change: 'the Neo4j launcher',
    files: ['packages/provisioning/neo4j-launcher/pom.xml'],
    suites: ['cross-service-integration', 'memory-integration', 'test-utils-integration'],
    why: 'an implicit dependency: the suites that start Neo4j',
  },
  {
    change: 'the init scaffolder',
    files: ['packages/cli/src/plan.ts'],
    suites: ['adoption-integration', 'nx-plugin-integration'],
    why: 'outside services are scaffolded with it, and the Nx generator wraps it',
  },
  {
    change: 'the integration-project generator',
    files: ['packages/nx-plugin/src/generators/integration-project/generator.ts'],
    suites: ['nx-plugin-integration'],
    why: 'its end-to-end suite generates and runs a project',
  },
  {
    change: 'the committed api-memory pact',
    files: ['libs/shared/contracts/pacts/memory/api-memory.json'],
    suites: ['api-integration', 'memory-integration'],
    why: 'the consumer regenerates and compares it; the provider verifies it',
  },
  {
    change: 'the committed api-docs pact',
    files: ['libs/shared/contracts/pacts/docs/api-docs.json'],
    suites: ['api-integration', 'docs-integration'],
    why: 'the consumer regenerates and compares it; the provider verifies it',
  },
  {
    change: 'the root tsconfig',
    files: ['tsconfig.base.json'],
    suites: ALL,
    why: 'compiler options apply to every project',
  },
  {
    change: "a README, the root one or a project's",
    files: ['README.md', 'apps/api/README.md', 'packages/provisioning/README.md'],
    suites: [],
    why: 'documentation cannot break a suite (.nxignore)',
  },
  { change: 'a benchmark script', files: ['tools/bench/api.ts'], suites: [], why: 'no suite imports the benchmarks' },
];

describe('nx affected selects exactly the integration suites a change can break', () => {
  it.each(SCENARIOS)('$change -> $suites ($why)', ({ files, suites }) => {
    expect(affectedSuites(...files)).toEqual(suites);
  });

  it('a lockfile bump of one dependency (@anthropic-ai/sdk, used by docs alone) -> only the suites that run docs', () => {
    const suites = affectedSuitesAfterEdit((worktree) => {
      const path = join(worktree, 'package-lock.json');
      const lock = JSON.parse(readFileSync(path, 'utf8')) as {
        packages: Record<string, { version: string; integrity?: string }>;
      };
      const entry = lock.packages['node_modules/@anthropic-ai/sdk']!;
      lock.packages['node_modules/@anthropic-ai/sdk'] = {
        ...entry,
        version: `${entry.version}-bumped`,
        integrity: 'sha512-bumped',
      };
      writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
    });

    expect(suites).toEqual(['cross-service-integration', 'docs-integration']);
  });
});
