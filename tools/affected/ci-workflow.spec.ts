import { validateWorkflow } from '@action-validator/core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const workflow = readFileSync(fileURLToPath(new URL('../../.github/workflows/ci.yml', import.meta.url)), 'utf8');

interface Job {
  if?: string;
  'timeout-minutes'?: number;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps?: { uses?: string; run?: string; with?: Record<string, string> }[];
}

/** Our policy on top of the schema: what a reviewer would otherwise have to remember. */
function policyProblems(text: string): string[] {
  const { permissions, jobs } = parse(text) as { permissions?: Record<string, string>; jobs: Record<string, Job> };
  const problems: string[] = [];
  if (JSON.stringify(permissions) !== JSON.stringify({ contents: 'read' }))
    problems.push('top-level permissions must be contents: read');
  for (const [name, job] of Object.entries(jobs)) {
    if (!job['timeout-minutes']) problems.push(`${name} has no timeout-minutes`);
    const writes = Object.entries(job.permissions ?? {})
      .filter(([, level]) => level === 'write')
      .map(([scope]) => scope);
    if (writes.length > 0 && !(name === 'integration' && writes.join() === 'checks'))
      problems.push(`${name} writes ${writes.join()}`);
    for (const step of job.steps ?? []) {
      if (step.uses?.startsWith('actions/') && Number(step.uses.split('@v')[1]) < 6)
        problems.push(`${name} uses ${step.uses} (a Node 20 era major)`);
      if (step.with?.['node-version'] && !String(step.with['node-version']).match(/^(24|\$\{\{ matrix.node \}\})$/))
        problems.push(`${name} sets up Node ${step.with['node-version']}`);
    }
  }
  if (JSON.stringify(jobs.checks?.strategy?.matrix?.node) !== '[24,26]')
    problems.push('checks must run on Node 24 and 26');
  if (jobs.integration?.strategy?.matrix?.node) problems.push('integration suites run on Node 24 only');
  const cache = jobs.checks?.steps?.find((step) => step.uses?.startsWith('actions/cache@'));
  if (!cache?.with?.key?.includes("hashFiles('package-lock.json')") || cache.with.path !== '.nx/cache')
    problems.push('the Nx cache must be keyed on the lockfile');
  if (!String(jobs.mutation?.if).includes("github.event_name == 'pull_request'"))
    problems.push('mutation testing runs on pull requests only');
  if (
    !jobs.mutation?.steps?.some(
      (step) => step.uses?.startsWith('actions/cache/restore@') && step.with?.path?.endsWith('incremental.json'),
    )
  )
    problems.push("mutation runs must start from the last run's incremental file");
  if (
    !jobs.integration?.steps?.some(
      (step) => step.uses?.startsWith('actions/upload-artifact@') && step.with?.name?.startsWith('coverage-'),
    )
  )
    problems.push('coverage is not uploaded');
  return problems;
}

describe('.github/workflows/ci.yml', () => {
  it('is a valid GitHub Actions workflow (action-validator: SchemaStore schema and expressions)', () => {
    expect(validateWorkflow(workflow).errors).toEqual([]);
  });

  it('would catch a broken workflow (the check can fail)', () => {
    const broken = workflow.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');

    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it('gates on format, lint, typecheck, unit and every affected integration suite, with coverage', () => {
    expect(workflow).toContain('npx nx format:check');
    expect(workflow).toContain('npx nx affected -t lint typecheck test');
    expect(workflow).toContain('npx nx show projects --affected -t integration --json');
    expect(workflow).toContain('npx tsx tools/mutation/affected.ts');
    expect(workflow).toMatch(/nx run \$\{\{ matrix.suite \}\}:integration --coverage/);
    expect(workflow).toMatch(/gate:\n\s+name: gate\n\s+needs: \[checks, integration, mutation\]\n\s+if: always\(\)/);
  });

  it('follows the policy: read-only token, a timeout on every job, current actions, Node 24 and 26, a lockfile-keyed Nx cache', () => {
    expect(policyProblems(workflow)).toEqual([]);
  });

  it.each([
    [
      'a job without a timeout',
      (text: string) => text.replace('    timeout-minutes: 5\n', ''),
      'gate has no timeout-minutes',
    ],
    [
      'a write scope beyond checks',
      (text: string) => text.replace('checks: write', 'checks: write\n      pull-requests: write'),
      'integration writes checks,pull-requests',
    ],
    [
      'a Node 20 era action',
      (text: string) => text.replace('actions/checkout@v7', 'actions/checkout@v4'),
      'plan uses actions/checkout@v4 (a Node 20 era major)',
    ],
    [
      'unit tests on Node 20',
      (text: string) => text.replace('node: [24, 26]', 'node: [20, 24]'),
      'checks must run on Node 24 and 26',
    ],
    [
      'mutation testing on every push',
      (text: string) => text.replace("if: github.event_name == 'pull_request' && ", 'if: '),
      'mutation testing runs on pull requests only',
    ],
    [
      'a mutation run from scratch every time',
      (text: string) => text.replace('actions/cache/restore@v6', 'actions/cache@v6'),
      "mutation runs must start from the last run's incremental file",
    ],
    [
      'a cache not keyed on the lockfile',
      (text: string) => text.replaceAll("hashFiles('package-lock.json')", 'github.sha'),
      'the Nx cache must be keyed on the lockfile',
    ],
  ])('would catch %s (the policy check can fail)', (_, breakIt, problem) => {
    expect(policyProblems(breakIt(workflow))).toContain(problem);
  });
});
