export * from './problem.js';
export { problemDetails, type ProblemDetailsOptions } from './problem-details.js';
export { requestIdHeader, requestIdOptions } from './request-id.js';
export { runService } from './run-service.js';
export { useStrictBodyValidation } from './validation.js';
export { definedEntries, LogLevel, parseConfigWith } from './config.js';
export { documentProblemResponses, Problem } from './problem-schema.js';
export { createService, type ServiceOptions } from './create-service.js';
