import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageTable, readServiceCoverage } from './summary.js';

const metric = (covered: number, total: number) => ({ covered, total, pct: (100 * covered) / total, skipped: 0 });

describe('coverage summary', () => {
  it('reads the totals of a service report and prints one aligned row per service', () => {
    const root = mkdtempSync(join(tmpdir(), 'coverage-'));
    mkdirSync(join(root, 'api'));
    const total = {
      lines: metric(356, 548),
      branches: metric(155, 217),
      functions: metric(116, 210),
      statements: metric(1, 1),
    };
    writeFileSync(join(root, 'api', 'coverage-summary.json'), JSON.stringify({ total, 'src/app.ts': total }));

    const table = coverageTable([readServiceCoverage(root, 'api')]).split('\n');

    expect(table).toEqual([
      '| service | lines           | branches        | functions       |',
      '| ------- | --------------- | --------------- | --------------- |',
      '| api     | 65.0% (356/548) | 71.4% (155/217) | 55.2% (116/210) |',
    ]);
  });

  it('names the missing report and the command that writes it', () => {
    const root = mkdtempSync(join(tmpdir(), 'coverage-'));
    expect(() => readServiceCoverage(root, 'memory')).toThrow(
      /memory[/]coverage-summary\.json is missing: run "nx run memory-integration:integration --coverage"/,
    );
  });
});
