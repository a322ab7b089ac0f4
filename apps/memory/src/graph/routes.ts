import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { notFound } from '@repo/service-kit';
import type { FastifyInstance } from 'fastify';
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
  NamespaceHeader,
  Neighbour,
  NeighboursQuery,
  OpenQuery,
  Path,
  PathQuery,
  Relation,
  SearchQuery,
} from './schemas.js';

/** REST over the graph. Every route works inside the namespace named by `x-namespace`. */
export async function graphRoutes(fastify: FastifyInstance, graph: GraphRepository) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const headers = NamespaceHeader;
  const tags = ['graph'];

  app.post(
    '/entities',
    {
      schema: { tags, headers, body: CreateEntities, response: { 200: Type.Object({ entities: Type.Array(Entity) }) } },
    },
    async (request) => ({
      entities: await graph.createEntities(request.headers['x-namespace'], request.body.entities),
    }),
  );

  app.post(
    '/relations',
    {
      schema: {
        tags,
        headers,
        body: CreateRelations,
        response: { 200: Type.Object({ relations: Type.Array(Relation) }) },
      },
    },
    async (request) => ({
      relations: await graph.createRelations(request.headers['x-namespace'], request.body.relations),
    }),
  );

  app.post(
    '/observations',
    {
      schema: {
        tags,
        headers,
        body: AddObservations,
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({ entityName: Type.String(), addedObservations: Type.Array(Type.String()) }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      results: await graph.addObservations(request.headers['x-namespace'], request.body.observations),
    }),
  );

  app.post(
    '/observations/delete',
    { schema: { tags, headers, body: DeleteObservations, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await graph.deleteObservations(request.headers['x-namespace'], request.body.deletions);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/entities/delete',
    { schema: { tags, headers, body: DeleteEntities, response: { 200: Type.Object({ deleted: Type.Integer() }) } } },
    async (request) => ({
      deleted: await graph.deleteEntities(request.headers['x-namespace'], request.body.entityNames),
    }),
  );

  app.post(
    '/relations/delete',
    { schema: { tags, headers, body: DeleteRelations, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await graph.deleteRelations(request.headers['x-namespace'], request.body.relations);
      return reply.status(204).send(null);
    },
  );

  app.get('/graph', { schema: { tags, headers, response: { 200: Graph } } }, async (request) =>
    graph.readGraph(request.headers['x-namespace']),
  );

  app.get(
    '/search',
    { schema: { tags, headers, querystring: SearchQuery, response: { 200: Graph } } },
    async (request) => graph.searchNodes(request.headers['x-namespace'], request.query.q),
  );

  app.get(
    '/entities',
    { schema: { tags, headers, querystring: OpenQuery, response: { 200: Graph } } },
    async (request) => graph.openNodes(request.headers['x-namespace'], request.query.names),
  );

  app.get(
    '/entities/:name/neighbours',
    {
      schema: {
        tags,
        headers,
        params: NameParams,
        querystring: NeighboursQuery,
        response: { 200: Type.Object({ neighbours: Type.Array(Neighbour) }) },
      },
    },
    async (request) => ({
      neighbours: await graph.neighbours(
        request.headers['x-namespace'],
        request.params.name,
        request.query.depth as 1 | 2 | 3,
        request.query.limit,
      ),
    }),
  );

  app.get(
    '/paths/shortest',
    { schema: { tags, headers, querystring: PathQuery, response: { 200: Path } } },
    async (request) => {
      const path = await graph.shortestPath(request.headers['x-namespace'], request.query.from, request.query.to);
      if (!path)
        throw notFound(
          `No path between ${JSON.stringify(request.query.from)} and ${JSON.stringify(request.query.to)}.`,
        );
      return path;
    },
  );
}
