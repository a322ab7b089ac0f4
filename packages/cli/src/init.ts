import { resolve } from 'node:path';
import { applyPlan, type Applied } from './apply.js';
import { detectService, type DetectedService, type DetectOptions } from './detect.js';
import { planInit, type InitPlan } from './plan.js';
import { toolkitVersions } from './versions.js';

export interface InitOptions extends DetectOptions {
  /** The service directory; defaults to the working directory. */
  dir?: string;
  /** false: a plain folder suite even inside an Nx workspace. */
  nx?: boolean;
  force?: boolean;
  /** Plan and report, write nothing. */
  dryRun?: boolean;
}

export interface InitResult {
  service: DetectedService;
  plan: InitPlan;
  applied?: Applied;
  /** The commands to run next, in order. */
  next: string[];
}

export function runInit(options: InitOptions = {}): InitResult {
  const dir = resolve(options.dir ?? '.');
  const service = detectService(dir, options);
  const plan = planInit(service, toolkitVersions(), { nx: options.nx !== false && !!service.nxWorkspace });
  const applied = options.dryRun ? undefined : applyPlan(dir, plan, options.force);
  const run = plan.nxProject ? `npx nx run ${plan.nxProject.name}:integration` : 'npm run test:integration';
  return {
    service,
    plan,
    ...(applied ? { applied } : {}),
    next: [
      plan.nxProject ? 'npm install (from the workspace root)' : 'npm install',
      `${run}   # red: the example spec fails on purpose`,
      `edit ${plan.suiteDir}/tests/example.spec.ts to say what the service answers, then ${run} again`,
    ],
  };
}
