import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { InitPlan } from './plan.js';

export interface Applied {
  written: string[];
  /** devDependencies init added (those already there keep their version). */
  added: Record<string, string>;
}

/** Writes the plan into the service directory; refuses to overwrite a file unless `force`. */
export function applyPlan(dir: string, plan: InitPlan, force = false): Applied {
  const existing = Object.keys(plan.files).filter((file) => existsSync(join(dir, file)));
  if (existing.length > 0 && !force) {
    throw new Error(`init would overwrite ${existing.join(', ')}: remove them, or pass --force.`);
  }
  for (const [file, contents] of Object.entries(plan.files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), contents);
  }
  const manifestPath = join(dir, plan.manifest);
  const manifest = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>)
    : { name: plan.nxProject?.name, version: '0.0.0', private: true, type: 'module' };
  const dependencies = {
    ...((manifest.dependencies as Record<string, string> | undefined) ?? {}),
    ...((manifest.devDependencies as Record<string, string> | undefined) ?? {}),
  };
  const added = Object.fromEntries(Object.entries(plan.devDependencies).filter(([name]) => !(name in dependencies)));
  manifest.scripts = { ...((manifest.scripts as Record<string, string> | undefined) ?? {}), ...plan.scripts };
  manifest.devDependencies = Object.fromEntries(
    Object.entries({ ...((manifest.devDependencies as Record<string, string> | undefined) ?? {}), ...added }).sort(
      ([a], [b]) => a.localeCompare(b),
    ),
  );
  if (plan.nxProject) manifest.nx = plan.nxProject;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { written: [...Object.keys(plan.files), plan.manifest], added };
}
