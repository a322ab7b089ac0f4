/**
 * The T-2 gate of a pull request: fails when the change touches a service's API (routes,
 * schemas, repositories, MCP tools, database schema, migrations) and no test of that service's
 * integration suite. A commit trailer `T-2-Exempt: <reason>` waives it for a refactor.
 *
 *   npm run -s t2-gate                  # the commits since NX_BASE (nrwl/nx-set-shas), else origin/main
 *   npm run -s t2-gate -- main HEAD     # or a base and head of your choice
 */
import { execFileSync } from 'node:child_process';
import { checkT2 } from './rule.js';

const [base = process.env.NX_BASE ?? 'origin/main', head = process.env.NX_HEAD ?? 'HEAD'] = process.argv.slice(2);
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' });

const files = git('diff', '--name-only', '--no-renames', `${base}...${head}`).split('\n').filter(Boolean);
const exemptions = git('log', '--format=%(trailers:key=T-2-Exempt,valueonly,separator=%x00)', `${base}..${head}`)
  .split(/[\0\n]/)
  .filter((value) => value.trim());
const verdict = checkT2({ files, exemptions });

const lines = verdict.violations.map(
  ({ service, apiFiles, testsFolder }) =>
    `  ${service}: ${apiFiles.join(', ')} changed, and no test under ${testsFolder}`,
);
if (verdict.violations.length === 0) {
  console.log(
    `T-2 passed: ${files.length} changed files between ${base} and ${head}, no API change without its tests.`,
  );
} else if (verdict.exemptedBy) {
  console.log(`T-2 waived by a commit's trailer "T-2-Exempt: ${verdict.exemptedBy}" for:\n${lines.join('\n')}`);
} else {
  console.error(
    [
      'T-2 failed: an API change comes with integration tests (CONTRIBUTING.md, "The rules a change keeps").',
      ...lines,
      'Add or change a test in that suite, or, for a refactor that changes no behaviour, add the trailer',
      '"T-2-Exempt: <why no test changes>" to one of the commits.',
    ].join('\n'),
  );
  process.exitCode = 1;
}
