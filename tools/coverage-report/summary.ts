/**
 * Prints one table of what each service's integration suite covers, from the json-summary
 * reports that `--coverage` writes under coverage/<service>/ (see apps/<service>-integration/vitest.config.ts).
 * Run by `npm run coverage` after the suites; a service without a report fails the run by name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SERVICES = ['api', 'memory', 'docs'] as const;

interface Metric {
  total: number;
  covered: number;
  pct: number;
}

export interface ServiceCoverage {
  service: string;
  lines: Metric;
  branches: Metric;
  functions: Metric;
}

export function readServiceCoverage(coverageRoot: string, service: string): ServiceCoverage {
  const file = join(coverageRoot, service, 'coverage-summary.json');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run "nx run ${service}-integration:integration --coverage" first`);
  }
  const { total } = JSON.parse(readFileSync(file, 'utf8')) as { total: Omit<ServiceCoverage, 'service'> };
  return { service, lines: total.lines, branches: total.branches, functions: total.functions };
}

const cell = ({ pct, covered, total }: Metric) => `${pct.toFixed(1)}% (${covered}/${total})`;

/** A Markdown table, so the same text reads in a terminal and pastes into a PR or an issue note. */
export function coverageTable(rows: ServiceCoverage[]): string {
  const body = rows.map((row) => [row.service, cell(row.lines), cell(row.branches), cell(row.functions)]);
  const header = ['service', 'lines', 'branches', 'functions'];
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((text, i) => text.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(import.meta.dirname, '..', '..', 'coverage');
  console.log(coverageTable(SERVICES.map((service) => readServiceCoverage(root, service))));
  console.log(`\nHTML per service: coverage/<service>/index.html; lcov: coverage/<service>/lcov.info`);
}
