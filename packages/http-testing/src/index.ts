export { captureLogs, type CapturedLogs, type LogLine } from './captured-logs.js';
export { describeExchanges, recordExchanges, type Exchange, type ExchangeContext } from './exchanges.js';
export { fuzzFailures, fuzzOpenApi, fuzzTable, type FuzzOptions, type OperationReport } from './fuzz.js';
export { fuzzMcpTools, type McpFuzzOptions, type McpToolClient } from './mcp-fuzz.js';
export { recordResponsesForOpenApi } from './openapi-conformance.js';
export { problemOf } from './problems.js';
export { startServiceProcess, type ServiceProcess, type ServiceProcessOptions } from './service-process.js';
