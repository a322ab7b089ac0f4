export { DeadlineError, waitFor, withDeadline } from './deadline.js';
export { MissingBinaryError } from './binaries.js';
export { containerRuntimeAnswers } from './container-runtime.js';
export { DEFAULT_IMAGES, imageFor } from './images.js';
export { chooseProvider, parseProviderSetting, urlVariable, type ProviderChoice } from './provider-choice.js';
export { stopReusedServers } from './reuse.js';
export { startNeo4j, startPostgres, startRedis, startServer, type StartOptions } from './start.js';
export { ensureNeo4jLauncher } from './local/neo4j.js';
export * from './types.js';
