import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { GRAPH_LIMITS as LIMITS, type Entity, type Relation, type SameShape } from '@repo/contracts';
import { ProblemError } from '@repo/service-kit';
import { z } from 'zod';
import type { ToolGraphRepository } from '../graph/tool-graph-repository.js';
import { neo4jUnavailable } from '../plugins/dependency-errors.js';
import type { SemanticSearch } from '../recall/semantic-search.js';

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
// Empty lists are fine, as in the official server; the limits on sizes are ours (README).
const batch = <T extends z.ZodTypeAny>(item: T) => z.array(item).max(LIMITS.itemsPerCall);
const observations = z.array(text).max(LIMITS.observationsPerCall);
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
async function outcome(
  work: () => Promise<Record<string, unknown>>,
  /** What the text content shows: the result, as JSON, unless a message says it better. */
  text = (result: Record<string, unknown>) => JSON.stringify(result, null, 2),
): Promise<ToolResult> {
  try {
    const result = await work();
    return { content: [{ type: 'text', text: text(result) }], structuredContent: result };
  } catch (error) {
    const known = error instanceof ProblemError ? error : neo4jUnavailable(error);
    const message = known ? known.message : 'The memory service failed to run this tool.';
    return { content: [{ type: 'text', text: message }], isError: true };
  }
}

/** A delete's answer, as the official server words it. */
const deleted = (what: string) => ({ success: true, message: `${what} deleted successfully` });
const deletedShape = { success: z.boolean(), message: z.string() };
const showMessage = (result: Record<string, unknown>) => result.message as string;

const writes = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
const deletes = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false };
const reads = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/**
 * The nine tools of the official MCP memory server (`@modelcontextprotocol/server-memory`
 * 2026.8.31), with its names, input schemas and results, inside one namespace (the one the
 * caller's service token names); and semantic_search. The graph behaviour is in
 * tool-graph-repository.ts.
 */
export function createMemoryMcpServer(
  graph: ToolGraphRepository,
  search: SemanticSearch,
  namespace: string,
): McpServer {
  const server = new McpServer({ name: 'memory', version: '1.0.0' });

  server.registerTool(
    'create_entities',
    {
      title: 'Create Entities',
      description: 'Create entities; a name that exists is left as it is. Returns the entities created.',
      inputSchema: { entities: batch(entity) },
      outputSchema: { entities: z.array(storedEntity) },
      annotations: writes,
    },
    ({ entities }) => outcome(async () => ({ entities: await graph.createEntities(namespace, entities) })),
  );
  server.registerTool(
    'create_relations',
    {
      title: 'Create Relations',
      description:
        'Create directed relations, named in active voice; their ends need not exist yet. Returns the relations created.',
      inputSchema: { relations: batch(relation) },
      outputSchema: { relations: z.array(relation) },
      annotations: writes,
    },
    ({ relations }) => outcome(async () => ({ relations: await graph.createRelations(namespace, relations) })),
  );
  server.registerTool(
    'add_observations',
    {
      title: 'Add Observations',
      description: 'Add observations to existing entities; an unknown entity fails the call and nothing is added.',
      inputSchema: { observations: batch(z.object({ entityName: name, contents: observations })) },
      outputSchema: { results: z.array(z.object({ entityName: z.string(), addedObservations: z.array(z.string()) })) },
      annotations: writes,
    },
    ({ observations }) => outcome(async () => ({ results: await graph.addObservations(namespace, observations) })),
  );
  server.registerTool(
    'delete_entities',
    {
      title: 'Delete Entities',
      description: 'Delete entities and every relation touching them.',
      inputSchema: { entityNames: batch(name) },
      outputSchema: deletedShape,
      annotations: deletes,
    },
    ({ entityNames }) =>
      outcome(async () => (await graph.deleteEntities(namespace, entityNames), deleted('Entities')), showMessage),
  );
  server.registerTool(
    'delete_observations',
    {
      title: 'Delete Observations',
      description: 'Delete observations from entities.',
      inputSchema: { deletions: batch(z.object({ entityName: name, observations })) },
      outputSchema: deletedShape,
      annotations: deletes,
    },
    ({ deletions }) =>
      outcome(async () => (await graph.deleteObservations(namespace, deletions), deleted('Observations')), showMessage),
  );
  server.registerTool(
    'delete_relations',
    {
      title: 'Delete Relations',
      description: 'Delete relations.',
      inputSchema: { relations: batch(relation) },
      outputSchema: deletedShape,
      annotations: deletes,
    },
    ({ relations }) =>
      outcome(async () => (await graph.deleteRelations(namespace, relations), deleted('Relations')), showMessage),
  );
  server.registerTool(
    'read_graph',
    {
      title: 'Read Graph',
      description: 'Read the whole graph of this namespace.',
      inputSchema: {},
      outputSchema: graphShape,
      annotations: reads,
    },
    () => outcome(async () => ({ ...(await graph.readGraph(namespace)) })),
  );
  server.registerTool(
    'search_nodes',
    {
      title: 'Search Nodes',
      description:
        'Find entities whose name, type or observations contain the query, with the relations touching them.',
      inputSchema: { query: textOf(LIMITS.observationLength) },
      outputSchema: graphShape,
      annotations: reads,
    },
    ({ query }) => outcome(async () => ({ ...(await graph.searchNodes(namespace, query)) })),
  );
  server.registerTool(
    'open_nodes',
    {
      title: 'Open Nodes',
      description: 'Read entities by name, with the relations touching them.',
      inputSchema: { names: z.array(name).max(100) },
      outputSchema: graphShape,
      annotations: reads,
    },
    ({ names }) => outcome(async () => ({ ...(await graph.openNodes(namespace, names)) })),
  );
  const score = z.number().nullable();
  server.registerTool(
    'semantic_search',
    {
      description:
        'Find entities by meaning: nearest the query by cosine similarity of their vectors, or with hybrid_search by a score fusing vector and keyword matches. When the query cannot be embedded, the keyword matches, with degraded: true and the reason.',
      title: 'Semantic Search',
      // Memento MCP's names for the same arguments.
      annotations: reads,
      inputSchema: {
        query: textOf(1000),
        limit: z.number().int().min(1).max(100).default(10),
        min_similarity: z.number().min(-1).max(1).default(0.3),
        entity_types: z.array(kind).min(1).max(50).optional(),
        hybrid_search: z.boolean().default(false),
        semantic_weight: z.number().min(0).max(1).default(0.7),
      },
      outputSchema: {
        entities: z.array(storedEntity.extend({ score: z.number(), similarity: score, keywordScore: score })),
        mode: z.enum(['semantic', 'hybrid', 'keyword']),
        degraded: z.boolean(),
        reason: z.string().optional(),
      },
    },
    (input) =>
      outcome(async () => ({
        ...(await search(namespace, {
          query: input.query,
          limit: input.limit,
          minSimilarity: input.min_similarity,
          ...(input.entity_types ? { entityTypes: input.entity_types } : {}),
          hybrid: input.hybrid_search,
          semanticWeight: input.semantic_weight,
        })),
      })),
  );
  return server;
}
