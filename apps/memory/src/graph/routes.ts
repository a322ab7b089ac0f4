import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf, notFound, Problem } from '@repo/service-kit';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { GraphRepository } from './graph-repository.js';
import {
  AddObservations,
  CreateEntities,
  CreateRelations,
  DeleteEntities,
  DeleteObservations,
  DeleteRelations,
  Entity,
  Graph,
  NameParams,
  Neighbour,
  NeighboursQuery,
  OpenQuery,
  Path,
  PathQuery,
  Relation,
  SearchQuery,
} from './schemas.js';

/** The namespace a request works in: from its verified service token, never from a header. */
export const namespaceOf = (request: FastifyRequest): string => callerOf(request).namespace!;

/** REST over the graph. Every route works inside the namespace its service token names. */
export const graphRoutes: FastifyPluginAsyncTypebox<{ graph: GraphRepository }> = async function graphRoutes(
  app,
  { graph },
) {
  const tags = ['graph'];

  app.post(
    '/entities',
    {
      schema: { tags, body: CreateEntities, response: { 200: Type.Object({ entities: Type.Array(Entity) }) } },
    },
    async (request) => ({
      entities: await graph.createEntities(namespaceOf(request), request.body.entities),
    }),
  );

  app.post(
    '/relations',
    {
      schema: {
        tags,
        body: CreateRelations,
        response: { 200: Type.Object({ relations: Type.Array(Relation) }), 404: Problem },
      },
    },
    async (request) => ({
      relations: await graph.createRelations(namespaceOf(request), request.body.relations),
    }),
  );

  app.post(
    '/observations',
    {
      schema: {
        tags,
        body: AddObservations,
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({ entityName: Type.String(), addedObservations: Type.Array(Type.String()) }),
            ),
          }),
          404: Problem,
        },
      },
    },
    async (request) => ({
      results: await graph.addObservations(namespaceOf(request), request.body.observations),
    }),
  );

  app.post(
    '/observations/delete',
    { schema: { tags, body: DeleteObservations, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await graph.deleteObservations(namespaceOf(request), request.body.deletions);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/entities/delete',
    { schema: { tags, body: DeleteEntities, response: { 200: Type.Object({ deleted: Type.Integer() }) } } },
    async (request) => ({
      deleted: await graph.deleteEntities(namespaceOf(request), request.body.entityNames),
    }),
  );

  app.post(
    '/relations/delete',
    { schema: { tags, body: DeleteRelations, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await graph.deleteRelations(namespaceOf(request), request.body.relations);
      return reply.status(204).send(null);
    },
  );

  app.get('/graph', { schema: { tags, response: { 200: Graph } } }, async (request) =>
    graph.readGraph(namespaceOf(request)),
  );

  app.get('/search', { schema: { tags, querystring: SearchQuery, response: { 200: Graph } } }, async (request) =>
    graph.searchNodes(namespaceOf(request), request.query.q),
  );

  app.get('/entities', { schema: { tags, querystring: OpenQuery, response: { 200: Graph } } }, async (request) =>
    graph.openNodes(namespaceOf(request), request.query.names),
  );

  app.get(
    '/entities/:name/neighbours',
    {
      schema: {
        tags,

        params: NameParams,
        querystring: NeighboursQuery,
        response: { 200: Type.Object({ neighbours: Type.Array(Neighbour) }), 404: Problem },
      },
    },
    async (request) => ({
      neighbours: await graph.neighbours(
        namespaceOf(request),
        request.params.name,
        request.query.depth as 1 | 2 | 3,
        request.query.limit,
      ),
    }),
  );

  app.get(
    '/paths/shortest',
    { schema: { tags, querystring: PathQuery, response: { 200: Path, 404: Problem } } },
    async (request) => {
      const path = await graph.shortestPath(namespaceOf(request), request.query.from, request.query.to);
      if (!path)
        throw notFound(
          `No path between ${JSON.stringify(request.query.from)} and ${JSON.stringify(request.query.to)}.`,
        );
      return path;
    },
  );
};
