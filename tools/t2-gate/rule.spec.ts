import { describe, expect, it } from 'vitest';
import { checkT2 } from './rule.js';

/** Changes as a pull request makes them, and the services T-2 says lack integration tests. */
const scenarios: { change: string; files: string[]; exemptions?: string[]; failing: string[] }[] = [
  { change: 'a route without a test', files: ['apps/api/src/notes/routes.ts'], failing: ['api'] },
  {
    change: 'a route with a test of its suite',
    files: ['apps/api/src/notes/routes.ts', 'apps/api-integration/tests/notes.spec.ts'],
    failing: [],
  },
  { change: 'a request schema', files: ['apps/memory/src/graph/schemas.ts'], failing: ['memory'] },
  { change: 'a repository', files: ['apps/docs/src/search/search-repository.ts'], failing: ['docs'] },
  { change: 'the MCP tools', files: ['apps/memory/src/mcp/memory-tools.ts'], failing: ['memory'] },
  { change: 'the database schema', files: ['apps/api/src/db/schema.ts'], failing: ['api'] },
  { change: 'a migration', files: ['apps/docs/migrations/0007_chunks.sql'], failing: ['docs'] },
  {
    change: 'a test of another suite does not count',
    files: ['apps/api/src/auth/routes.ts', 'apps/docs-integration/tests/upload.spec.ts'],
    failing: ['api'],
  },
  {
    change: 'a support file of its suite is not a test',
    files: ['apps/api/src/auth/routes.ts', 'apps/api-integration/support/api-under-test.ts'],
    failing: ['api'],
  },
  {
    change: 'two services, one tested',
    files: [
      'apps/api/src/notes/routes.ts',
      'apps/memory/src/graph/routes.ts',
      'apps/memory-integration/tests/x.spec.ts',
    ],
    failing: ['api'],
  },
  { change: 'code that is not the API', files: ['apps/api/src/notes/etag.ts', 'apps/api/src/config.ts'], failing: [] },
  { change: 'a unit test beside a route', files: ['apps/api/src/notes/routes.spec.ts'], failing: [] },
  { change: 'a library', files: ['libs/shared/service-kit/src/create-service.ts'], failing: [] },
  { change: 'docs only', files: ['apps/api/README.md'], failing: [] },
  {
    change: 'a refactor with the trailer',
    files: ['apps/api/src/notes/routes.ts'],
    exemptions: ['rename only, behaviour unchanged'],
    failing: [],
  },
  {
    change: 'an empty trailer waives nothing',
    files: ['apps/api/src/notes/routes.ts'],
    exemptions: [' '],
    failing: ['api'],
  },
];

describe('T-2: an API change comes with integration tests', () => {
  it.each(scenarios)('$change', ({ files, exemptions = [], failing }) => {
    const verdict = checkT2({ files, exemptions });
    const waived = verdict.exemptedBy !== undefined;
    expect(waived ? [] : verdict.violations.map((violation) => violation.service)).toEqual(failing);
  });

  it('names the files and the folder a test belongs in', () => {
    expect(
      checkT2({ files: ['apps/api/src/notes/routes.ts', 'apps/api/src/notes/schemas.ts'], exemptions: [] }),
    ).toEqual({
      violations: [
        {
          service: 'api',
          apiFiles: ['apps/api/src/notes/routes.ts', 'apps/api/src/notes/schemas.ts'],
          testsFolder: 'apps/api-integration/tests/',
        },
      ],
    });
  });

  it('says which trailer waived the rule, and still lists what it waived', () => {
    const verdict = checkT2({ files: ['apps/api/src/notes/routes.ts'], exemptions: ['rename only'] });
    expect(verdict.exemptedBy).toBe('rename only');
    expect(verdict.violations.map((violation) => violation.service)).toEqual(['api']);
  });
});
