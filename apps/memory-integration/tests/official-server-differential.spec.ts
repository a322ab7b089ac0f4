import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp } from '../support/mcp-client.js';
import { memoryUnderTest } from '../support/memory-under-test.js';

/*
 * Drop-in compatibility, shown by difference: the official MCP memory server
 * (@modelcontextprotocol/server-memory, pinned in package.json, over stdio with its JSONL file in a
 * temporary directory) and ours, through the same MCP SDK client, on generated sequences of tool
 * calls. After each call the two answers must be equal once normalised (the official server
 * lists in the order things were written, ours by name). The generator stays inside what we
 * refuse or do differently on purpose (the memory README lists it): non-empty names and
 * observations, within our size limits, no name twice in one create_entities call.
 */

const memory = await memoryUnderTest();
const workDir = mkdtempSync(join(tmpdir(), 'official-memory-'));
const officialEntry = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-memory/dist/index.js');
const official = new Client({ name: 'differential', version: '1.0.0' });
let ours: Client;

beforeAll(async () => {
  await memory.app.listen({ host: '127.0.0.1', port: 0 });
  await official.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [officialEntry],
      env: { MEMORY_FILE_PATH: join(workDir, 'memory.jsonl') },
      stderr: 'ignore',
    }),
  );
  ours = await connectMcp(memory.app, memory.tenant);
});
afterAll(async () => {
  await Promise.all([official.close(), ours?.close()]);
  rmSync(workDir, { recursive: true, force: true });
});

const NAMES = ['Ada', 'Babbage', 'Engine', 'ada'];
const name = fc.constantFrom(...NAMES);
const kind = fc.constantFrom('person', 'machine', 'Person');
const observation = fc.constantFrom('wrote notes', 'designed it', 'Notes on the engine', 'ada');
const relation = fc.record({ from: name, to: name, relationType: fc.constantFrom('designed', 'knew') });
const entity = fc.record({ name, entityType: kind, observations: fc.uniqueArray(observation, { maxLength: 2 }) });
const relationKey = (r: { from: string; to: string; relationType: string }) => `${r.from}|${r.to}|${r.relationType}`;

/** One tool call: a name and arguments the official server takes and ours takes alike. */
const call = fc.oneof(
  fc
    .uniqueArray(entity, { maxLength: 3, selector: (e) => e.name })
    .map((entities) => ({ name: 'create_entities', arguments: { entities } })),
  fc
    .uniqueArray(relation, { maxLength: 3, selector: relationKey })
    .map((relations) => ({ name: 'create_relations', arguments: { relations } })),
  fc
    .array(fc.record({ entityName: name, contents: fc.array(observation, { maxLength: 2 }) }), { maxLength: 2 })
    .map((observations) => ({ name: 'add_observations', arguments: { observations } })),
  fc.array(name, { maxLength: 2 }).map((entityNames) => ({ name: 'delete_entities', arguments: { entityNames } })),
  fc
    .array(fc.record({ entityName: name, observations: fc.array(observation, { maxLength: 2 }) }), { maxLength: 2 })
    .map((deletions) => ({ name: 'delete_observations', arguments: { deletions } })),
  fc.array(relation, { maxLength: 2 }).map((relations) => ({ name: 'delete_relations', arguments: { relations } })),
  fc.constant({ name: 'read_graph', arguments: {} }),
  fc.constantFrom('ada', 'ENGINE', 'notes', 'x').map((query) => ({ name: 'search_nodes', arguments: { query } })),
  fc.array(name, { maxLength: 3 }).map((names) => ({ name: 'open_nodes', arguments: { names } })),
);

type Answer = Awaited<ReturnType<Client['callTool']>>;

/** What must be equal: the error flag and text, or the structured result, lists put in one order. */
function normalised(answer: Answer) {
  if (answer.isError) return { isError: true, text: answer.content };
  const result = structuredClone(answer.structuredContent ?? {}) as Record<string, unknown>;
  const byName = (list: unknown) => (list as { name: string }[]).sort((a, b) => (a.name < b.name ? -1 : 1));
  if (Array.isArray(result.entities)) byName(result.entities);
  if (Array.isArray(result.relations))
    (result.relations as { from: string; to: string; relationType: string }[]).sort((a, b) =>
      relationKey(a) < relationKey(b) ? -1 : 1,
    );
  return { isError: false, result };
}

async function bothEmpty() {
  const clear = { name: 'delete_entities', arguments: { entityNames: NAMES } };
  await Promise.all([official.callTool(clear), ours.callTool(clear)]);
  const [theirs, mine] = await Promise.all([
    official.callTool({ name: 'read_graph', arguments: {} }),
    ours.callTool({ name: 'read_graph', arguments: {} }),
  ]);
  expect([theirs.structuredContent, mine.structuredContent]).toEqual([
    { entities: [], relations: [] },
    { entities: [], relations: [] },
  ]);
}

describe('the MCP tools next to the official memory server', () => {
  it('list the same nine tools with the same input fields', async () => {
    const [theirs, mine] = await Promise.all([official.listTools(), ours.listTools()]);
    const fields = (tools: typeof theirs.tools) =>
      Object.fromEntries(
        tools.map((tool) => [
          tool.name,
          { input: Object.keys(tool.inputSchema.properties ?? {}).sort(), title: tool.title },
        ]),
      );

    expect(fields(mine.tools.filter((tool) => tool.name !== 'semantic_search'))).toEqual(fields(theirs.tools));
  });

  it('answer every call of generated sequences as the official server does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 12 }), async (calls) => {
        await bothEmpty();
        for (const [step, request] of calls.entries()) {
          const [theirs, mine] = await Promise.all([official.callTool(request), ours.callTool(request)]);
          expect(normalised(mine), `step ${step}: ${JSON.stringify(request)}`).toEqual(normalised(theirs));
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
