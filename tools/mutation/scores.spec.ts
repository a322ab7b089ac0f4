import { describe, expect, it } from 'vitest';
import { scoreOf, scoreTable } from './scores.js';

const report = (...statuses: string[]) => ({
  files: {
    'a.ts': { mutants: statuses.slice(0, 2).map((status) => ({ status })) },
    'b.ts': { mutants: statuses.slice(2).map((status) => ({ status })) },
  },
});

describe('the mutation score table', () => {
  it('scores detected over valid mutants, as Stryker does: ignored and broken mutants count on neither side', () => {
    const score = scoreOf(
      'memory',
      report(
        'Killed',
        'Timeout',
        'Survived',
        'NoCoverage',
        'Ignored',
        'RuntimeError',
        'CompileError',
        'Killed',
      ) as never,
    );

    expect(score).toEqual({
      project: 'memory',
      score: 60,
      killed: 2,
      timeout: 1,
      survived: 1,
      noCoverage: 1,
      ignored: 1,
      errors: 2,
    });
  });

  it('scores a report with no valid mutant 0, not NaN', () => {
    expect(scoreOf('empty', report('Ignored') as never).score).toBe(0);
  });

  it('is a Markdown table, numbers right-aligned, one row per project', () => {
    const table = scoreTable([scoreOf('api', report('Killed', 'Survived', 'Killed') as never)]);

    expect(table.split('\n')).toEqual([
      '| project | score | killed | timeout | survived | no coverage | ignored (static) | errors |',
      '| ------- | ----: | -----: | ------: | -------: | ----------: | ---------------: | -----: |',
      '| api     | 66.7% |      2 |       0 |        1 |           0 |                0 |      0 |',
    ]);
  });
});
