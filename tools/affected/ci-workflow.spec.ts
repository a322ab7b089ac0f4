import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';

const workflow = readFileSync(fileURLToPath(new URL('../../.github/workflows/ci.yml', import.meta.url)), 'utf8');

describe('.github/workflows/ci.yml', () => {
  it('is a valid GitHub Actions workflow (action-validator: SchemaStore schema and expressions)', () => {
    expect(validateWorkflow(workflow).errors).toEqual([]);
  });

  it('would catch a broken workflow (the check can fail)', () => {
    const broken = workflow.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');

    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it('gates on lint, typecheck, unit and every affected integration suite on Node 20 and 24', () => {
    expect(workflow).toContain('npx nx affected -t lint typecheck test');
    expect(workflow).toContain('npx nx show projects --affected -t integration --json');
    expect(workflow.match(/node: \[20, 24\]/g)).toHaveLength(2);
    expect(workflow).toMatch(/gate:\n\s+name: gate\n\s+needs: \[checks, integration\]\n\s+if: always\(\)/);
  });
});
