import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { GRAPH_LIMITS as LIMITS, type Entity, type Relation, type SameShape } from '@repo/contracts';
import { ProblemError } from '@repo/service-kit';
import { z } from 'zod';
import type { GraphRepository } from '../graph/graph-repository.js';
import { neo4jUnavailable } from '../plugins/dependency-errors.js';

/**
 * Text a tool takes: never NUL, refused here as a tool error naming the field (the route takes
 * NUL past the service-wide HTTP check, whose 400 an MCP client sees as a broken transport).
 */
const textOf = (maxLength: number) =>
  z
    .string()
    .min(1)
    .max(maxLength)
    .refine((value) => !value.includes('\u0000'), 'must not contain the NUL character (U+0000)');
const name = textOf(LIMITS.nameLength);
const text = textOf(LIMITS.observationLength);
const kind = textOf(LIMITS.typeLength);
const batch = <T extends z.ZodTypeAny>(item: T) => z.array(item).min(1).max(LIMITS.itemsPerCall);
const observations = z.array(text).min(1).max(LIMITS.observationsPerCall);
const entity = z.object({ name, entityType: kind, observations: z.array(text).max(LIMITS.observationsPerCall) });
const relation = z.object({ from: name, to: name, relationType: kind });
// What a tool returns is what is stored: an entity gathers observations over many calls, so
// the output has no per-call limit (100 observations per input entity made the tools fail
// their own output schema once an entity had more, after the write was saved).
const storedEntity = z.object({ name: z.string(), entityType: z.string(), observations: z.array(z.string()) });
const graphShape = { entities: z.array(storedEntity), relations: z.array(relation) };
// Fails to compile when the tools' shapes and the contract's types drift apart.
const toolShapesMatchTheContract: [
  SameShape<z.infer<typeof entity>, Entity>,
  SameShape<z.infer<typeof storedEntity>, Entity>,
  SameShape<z.infer<typeof relation>, Relation>,
] = [true, true, true];
void toolShapesMatchTheContract;

type ToolResult = {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

/**
 * A tool's outcome: structured content (and the same as text, for clients that read only
 * text), or a tool error with a sentence a model can act on. A failure never escapes as a
 * transport or protocol error.
 */
async function outcome(work: () => Promise<Record<string, unknown>>): Promise<ToolResult> {
  try {
    const result = await work();
    return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
  } catch (error) {
    const known = error instanceof ProblemError ? error : neo4jUnavailable(error);
    const message = known ? known.message : 'The memory service failed to run this tool.';
    return { content: [{ type: 'text', text: message }], isError: true };
  }
}

/** The graph operations as MCP tools, all inside one namespace (the one the caller's service token names). */
export function createMemoryMcpServer(graph: GraphRepository, namespace: string): McpServer {
  const server = new McpServer({ name: 'memory', version: '1.0.0' });
  const ok = { ok: z.boolean() };

  server.registerTool(
    'create_entities',
    {
      description: 'Create entities (or add new observations to existing ones of the same name).',
      inputSchema: { entities: batch(entity) },
      outputSchema: { entities: z.array(storedEntity) },
    },
    ({ entities }) => outcome(async () => ({ entities: await graph.createEntities(namespace, entities) })),
  );
  server.registerTool(
    'create_relations',
    {
      description: 'Create directed relations between existing entities; all or nothing.',
      inputSchema: { relations: batch(relation) },
      outputSchema: { relations: z.array(relation) },
    },
    ({ relations }) => outcome(async () => ({ relations: await graph.createRelations(namespace, relations) })),
  );
  server.registerTool(
    'add_observations',
    {
      description: 'Add observations to existing entities; all or nothing.',
      inputSchema: { observations: batch(z.object({ entityName: name, contents: observations })) },
      outputSchema: { results: z.array(z.object({ entityName: z.string(), addedObservations: z.array(z.string()) })) },
    },
    ({ observations }) => outcome(async () => ({ results: await graph.addObservations(namespace, observations) })),
  );
  server.registerTool(
    'delete_entities',
    {
      description: 'Delete entities and every relation touching them.',
      inputSchema: { entityNames: batch(name) },
      outputSchema: { deleted: z.number() },
    },
    ({ entityNames }) => outcome(async () => ({ deleted: await graph.deleteEntities(namespace, entityNames) })),
  );
  server.registerTool(
    'delete_observations',
    {
      description: 'Delete observations from entities.',
      inputSchema: { deletions: batch(z.object({ entityName: name, observations })) },
      outputSchema: ok,
    },
    ({ deletions }) => outcome(async () => (await graph.deleteObservations(namespace, deletions), { ok: true })),
  );
  server.registerTool(
    'delete_relations',
    { description: 'Delete relations.', inputSchema: { relations: batch(relation) }, outputSchema: ok },
    ({ relations }) => outcome(async () => (await graph.deleteRelations(namespace, relations), { ok: true })),
  );
  server.registerTool(
    'read_graph',
    { description: 'Read the whole graph of this namespace.', outputSchema: graphShape },
    () => outcome(async () => ({ ...(await graph.readGraph(namespace)) })),
  );
  server.registerTool(
    'search_nodes',
    {
      description: 'Find entities whose name, type or observations contain the query.',
      inputSchema: { query: name },
      outputSchema: graphShape,
    },
    ({ query }) => outcome(async () => ({ ...(await graph.searchNodes(namespace, query)) })),
  );
  server.registerTool(
    'open_nodes',
    {
      description: 'Read entities by name, with the relations among them.',
      inputSchema: { names: z.array(name).min(1).max(100) },
      outputSchema: graphShape,
    },
    ({ names }) => outcome(async () => ({ ...(await graph.openNodes(namespace, names)) })),
  );
  return server;
}
