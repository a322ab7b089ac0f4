export { clientOf } from './client-lifecycle.js';
export { LogLevel, definedEntries, parseConfigWith, serviceSettings } from './config.js';
export { createService, type ServiceOptions } from './create-service.js';
export { healthRoutes, type HealthRoutesOptions } from './health-routes.js';
export { problemDetails, type ProblemDetailsOptions } from './problem-details.js';
export { Problem, documentErrors, documentProblemResponses } from './problem-schema.js';
export { PROBLEM_TYPES, type ProblemSlug, type UnauthorizedSlug } from './problem-types.js';
export * from './problem.js';
export { requestIdHeader, requestIdOptions } from './request-id.js';
export { runService } from './run-service.js';
export { ServerTimeouts, serverTimeoutOptions } from './server-timeouts.js';
export {
  SERVICE_TOKEN_ISSUER,
  SERVICE_TOKEN_SCHEME,
  callerOf,
  requireServiceToken,
  serviceTokenSecurityScheme,
  signServiceToken,
  verifyServiceToken,
  type ServiceAudience,
  type SignServiceTokenOptions,
} from './service-tokens.js';
export { rejectNulCharacters, useStrictBodyValidation } from './validation.js';
