import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MUTATION_PROJECTS } from './projects.mjs';

/** The counts of one Stryker report (mutation-testing-report-schema), and its score as Stryker computes it. */
export interface Score {
  project: string;
  score: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  errors: number;
}

type Status =
  'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'Ignored' | 'RuntimeError' | 'CompileError' | 'Pending';

export function scoreOf(project: string, report: { files: Record<string, { mutants: { status: Status }[] }> }): Score {
  const count = (...statuses: Status[]) =>
    Object.values(report.files)
      .flatMap((file) => file.mutants)
      .filter((mutant) => statuses.includes(mutant.status)).length;
  const [killed, timeout, survived, noCoverage] = [
    count('Killed'),
    count('Timeout'),
    count('Survived'),
    count('NoCoverage'),
  ];
  const valid = killed + timeout + survived + noCoverage;
  return {
    project,
    // Detected over valid: ignored mutants and those that broke the run count on neither side.
    score: valid === 0 ? 0 : (100 * (killed + timeout)) / valid,
    killed,
    timeout,
    survived,
    noCoverage,
    ignored: count('Ignored'),
    errors: count('RuntimeError', 'CompileError'),
  };
}

export function scoreTable(scores: Score[]): string {
  const rows = [
    ['project', 'score', 'killed', 'timeout', 'survived', 'no coverage', 'ignored (static)', 'errors'],
    ...scores.map((s) => [
      s.project,
      `${s.score.toFixed(1)}%`,
      ...[s.killed, s.timeout, s.survived, s.noCoverage, s.ignored, s.errors].map(String),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  return [
    line(rows[0]!),
    `| ${widths.map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

// `tsx tools/mutation/scores.ts`: the table of every project with a report under reports/mutation.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reports = fileURLToPath(new URL('../../reports/mutation/', import.meta.url));
  const scores = Object.keys(MUTATION_PROJECTS)
    .filter((project) => existsSync(`${reports}${project}/mutation.json`))
    .map((project) => scoreOf(project, JSON.parse(readFileSync(`${reports}${project}/mutation.json`, 'utf8'))));
  console.log(
    scores.length > 0 ? scoreTable(scores) : 'No report under reports/mutation yet: run nx run <project>:mutation.',
  );
}
