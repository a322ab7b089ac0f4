import { Problem, PROBLEM_CONTENT_TYPE, problemType } from '@repo/service-kit';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const Status = Type.Union([Type.Literal('up'), Type.Literal('down')]);
const Live = Type.Object({ status: Type.Literal('ok') });
const Ready = Type.Object({ status: Type.Literal('ok'), checks: Type.Object({ postgres: Status, redis: Status }) });

const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref()),
  ]);

async function check(probe: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await within(1000, probe());
    return 'up';
  } catch {
    return 'down';
  }
}

/** Liveness says the process runs; readiness says PostgreSQL and Redis answer (within 1 s each). */
export async function healthRoutes(app: FastifyInstance) {
  app.get('/health/live', { schema: { tags: ['health'], response: { 200: Live } }, logLevel: 'warn' }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/health/ready',
    { schema: { tags: ['health'], response: { 200: Ready, 503: Problem } }, logLevel: 'warn' },
    async (request, reply) => {
      // The cache is not checked: without it the api still serves (degraded), so it stays ready.
      const [postgres, redis] = await Promise.all([
        check(() => app.pgPool.query('SELECT 1')),
        check(() => app.redis.ping()),
      ]);
      const checks = { postgres, redis };
      if (postgres === 'up' && redis === 'up') return { status: 'ok', checks };
      return reply
        .status(503)
        .header('retry-after', '5')
        .type(PROBLEM_CONTENT_TYPE)
        .send({
          type: problemType('not-ready'),
          title: 'Service Unavailable',
          status: 503,
          detail: 'A dependency is down.',
          requestId: request.id,
          checks,
        });
    },
  );
}
