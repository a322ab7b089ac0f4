import { Problem, PROBLEM_CONTENT_TYPE, problemType } from '@repo/service-kit';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

/** Liveness: the process runs. Readiness: Neo4j answers a query within 1 s. */
export async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/health/live',
    { schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } }, logLevel: 'warn' },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/health/ready',
    {
      schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: Problem } },
      logLevel: 'warn',
    },
    async (request, reply) => {
      try {
        await app.neo4j.executeQuery('RETURN 1', {}, { transactionConfig: { timeout: 1000 } });
        return { status: 'ok' as const };
      } catch {
        return reply
          .status(503)
          .header('retry-after', '5')
          .type(PROBLEM_CONTENT_TYPE)
          .send({
            type: problemType('not-ready'),
            title: 'Service Unavailable',
            status: 503,
            detail: 'Neo4j does not answer.',
            requestId: request.id,
          });
      }
    },
  );
}
