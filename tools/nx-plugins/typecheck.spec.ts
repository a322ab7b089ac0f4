import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

interface GraphNode {
  data: { root: string; targets?: Record<string, { options?: { command?: string } }> };
}

/** The project graph as `nx graph --file` writes it. */
function projectGraph(): Record<string, GraphNode> {
  const dir = mkdtempSync(join(tmpdir(), 'nx-graph-'));
  try {
    execFileSync('npx', ['nx', 'graph', `--file=${join(dir, 'graph.json')}`], { cwd: workspaceRoot, stdio: 'ignore' });
    return (
      JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8')) as { graph: { nodes: Record<string, GraphNode> } }
    ).graph.nodes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the typecheck plugin', () => {
  it('gives every project with a tsconfig.json a tsc --noEmit target, and no other project one', () => {
    const nodes = Object.entries(projectGraph());
    const typechecked = nodes
      .filter(([, node]) => node.data.targets?.typecheck?.options?.command === 'tsc -p tsconfig.json --noEmit')
      .map(([name]) => name)
      .sort();
    const withTsconfig = nodes
      .filter(([, node]) => existsSync(join(workspaceRoot, node.data.root, 'tsconfig.json')))
      .map(([name]) => name)
      .sort();

    expect(withTsconfig).toContain('api');
    expect(typechecked).toEqual(withTsconfig);
  });
});
