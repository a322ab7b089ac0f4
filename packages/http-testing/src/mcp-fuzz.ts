import fc from 'fast-check';
import { sometimesHostile, type JsonSchema } from './fuzz-values.js';
import type { OperationReport } from './fuzz.js';

/**
 * Schema-driven fuzzing of an MCP server's tools, through a real client: every listed tool gets
 * generated arguments (values from its input schema, then the same with one part made hostile,
 * the values the HTTP fuzz sends). Each call must end on time in a result, a tool error a caller
 * can act on, a JSON-RPC refusal of the arguments, or an HTTP 4xx refusal of the message. A hang, any other rejection (a broken
 * transport, a result the client's output-schema check refuses), a tool error saying the
 * server's own output broke its schema, or one matching `internalFailure` is a failure.
 */

/** The part of an MCP client the fuzz uses (the SDK's Client has it). */
export interface McpToolClient {
  listTools(): Promise<{ tools: { name: string; inputSchema: unknown }[] }>;
  callTool(params: { name: string; arguments?: Record<string, unknown> }): Promise<unknown>;
}

export interface McpFuzzOptions {
  client: McpToolClient;
  /** Calls per tool. */
  runs: number;
  seed: number;
  /** A tool error whose text matches this is the server failing, not the caller: a failure. */
  internalFailure: RegExp;
  /** Tools left out, by name. */
  skip?: string[];
  /** A call slower than this counts as a hang. */
  timeoutMs?: number;
}

/** JSON-RPC "invalid params": the arguments were refused before the tool ran. */
const INVALID_PARAMS = -32602;
/** How the SDK's server words arguments it refused, when it returns them as a tool error. */
const ARGUMENTS_REFUSED = /Input validation error|Invalid arguments for tool/;
/** How the SDK's server words a result that broke the tool's own output schema. */
const OUTPUT_BROKE_SCHEMA = /Output validation error/;

type Outcome =
  'ok' | 'tool-error' | 'invalid-arguments' | 'http-4xx' | 'output-schema' | 'internal' | 'rejected' | 'hang';
const FAILURES = new Set<Outcome>(['output-schema', 'internal', 'rejected', 'hang']);

const toolErrorText = (result: unknown) =>
  ((result as { content?: { type: string; text?: string }[] }).content ?? []).map((part) => part.text ?? '').join(' ');

function outcomeOf(result: unknown, internalFailure: RegExp): Outcome {
  if (!(result as { isError?: boolean }).isError) return 'ok';
  const text = toolErrorText(result);
  if (OUTPUT_BROKE_SCHEMA.test(text)) return 'output-schema';
  if (ARGUMENTS_REFUSED.test(text)) return 'invalid-arguments';
  return internalFailure.test(text) ? 'internal' : 'tool-error';
}

const isRecord = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON-RPC error that refused the arguments: -32602, or any JSON-RPC error for arguments that
 * are not an object at all (the protocol's request check refuses those, as -32603 in the SDK).
 */
function refusedArguments(args: unknown, error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === INVALID_PARAMS || (!isRecord(args) && typeof code === 'number' && code < -32000);
}

/**
 * The HTTP layer refused the message with a 4xx before MCP read it (a `__proto__` key, which
 * Fastify's JSON parser refuses, say): the SDK's HTTP transports throw with the status as code.
 */
function httpRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' && code >= 400 && code < 500;
}

const describeCall = (name: string, args: unknown) => `${name} ${String(JSON.stringify(args)).slice(0, 300)}`;

/** Fuzzes every tool the client lists; the reports (one per tool) go to fuzzFailures and fuzzTable. */
export async function fuzzMcpTools(options: McpFuzzOptions): Promise<OperationReport[]> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const { tools } = await options.client.listTools();
  const reports: OperationReport[] = [];
  for (const tool of tools) {
    if (options.skip?.includes(tool.name)) continue;
    const report: OperationReport = { operation: tool.name, requests: 0, statuses: {}, failures: [] };
    const calls = fc.sample(sometimesHostile(tool.inputSchema as JsonSchema), {
      numRuns: options.runs,
      seed: options.seed,
    });
    for (const args of calls) {
      report.requests++;
      let timer: NodeJS.Timeout | undefined;
      let outcome: Outcome;
      let detail: string;
      try {
        const result = await Promise.race([
          options.client.callTool({ name: tool.name, arguments: args as Record<string, unknown> }),
          new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), timeoutMs))),
        ]);
        outcome = result === 'hang' ? 'hang' : outcomeOf(result, options.internalFailure);
        detail = result === 'hang' ? `no answer within ${timeoutMs} ms` : toolErrorText(result).slice(0, 300);
      } catch (error) {
        outcome = refusedArguments(args, error) ? 'invalid-arguments' : httpRefusal(error) ? 'http-4xx' : 'rejected';
        detail = error instanceof Error ? error.message.slice(0, 300) : String(error);
      } finally {
        clearTimeout(timer);
      }
      report.statuses[outcome] = (report.statuses[outcome] ?? 0) + 1;
      if (FAILURES.has(outcome)) report.failures.push(`${outcome}: ${describeCall(tool.name, args)} -> ${detail}`);
    }
    reports.push(report);
  }
  return reports;
}
