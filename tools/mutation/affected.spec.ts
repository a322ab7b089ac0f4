import { describe, expect, it } from 'vitest';
import { affectedProjects, mutationProjectsAffected } from './affected.js';

/** For a realistic change, exactly the projects whose mutation run CI repeats. */
const SCENARIOS: { change: string; files: string[]; projects: string[] }[] = [
  {
    change: 'a memory source file (and the api, whose cross-service suite runs memory)',
    files: ['apps/memory/src/graph/graph-repository.ts'],
    projects: ['api', 'memory'],
  },
  {
    change: "one of memory's integration tests (the tests judging its mutants changed)",
    files: ['apps/memory-integration/tests/fuzz.spec.ts'],
    projects: ['memory'],
  },
  {
    change: 'a cross-service test (it judges the api)',
    files: ['apps/cross-service-integration/tests/notes-mirror.spec.ts'],
    projects: ['api'],
  },
  {
    change: 'the service kit, under every service',
    files: ['libs/shared/service-kit/src/problem.ts'],
    projects: ['api', 'docs', 'memory'],
  },
  {
    change: 'the isolation library (its own run, and the suites it sets up)',
    files: ['packages/isolation/src/redis-namespace.ts'],
    projects: ['api', 'docs', 'isolation', 'memory', 'provisioning'],
  },
  { change: 'a benchmark script', files: ['tools/bench/api.ts'], projects: [] },
];

describe('CI repeats the mutation runs a change can move, and only those', () => {
  it.each(SCENARIOS)('$change -> $projects', ({ files, projects }) => {
    expect(mutationProjectsAffected(affectedProjects([`--files=${files.join(',')}`]))).toEqual(projects);
  });
});
