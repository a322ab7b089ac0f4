export { captureLogs, type CapturedLogs, type LogLine } from './captured-logs.js';
export { recordResponsesForOpenApi } from './openapi-conformance.js';
export { problemOf } from './problems.js';
