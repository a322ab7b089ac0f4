export { applyPlan, type Applied } from './apply.js';
export {
  SERVER_KINDS,
  detectService,
  diskFiles,
  type DetectOptions,
  type DetectedService,
  type Migrations,
  type ServerKind,
  type ServiceFiles,
  type ServiceStyle,
} from './detect.js';
export { runInit, type InitOptions, type InitResult } from './init.js';
export { planInit, type InitPlan, type ToolkitVersions } from './plan.js';
export { toolkitVersions } from './versions.js';
