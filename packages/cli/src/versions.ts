import { readFileSync } from 'node:fs';
import type { ToolkitVersions } from './plan.js';

/** The toolkit's version (the @realdeps packages are released together) and the test tools' ranges. */
export function toolkitVersions(): ToolkitVersions {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
    realdeps: { writes: Omit<ToolkitVersions, 'toolkit'> };
  };
  return { toolkit: manifest.version, ...manifest.realdeps.writes };
}
