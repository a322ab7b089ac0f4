import { Problem, PROBLEM_CONTENT_TYPE, problemType } from '@repo/service-kit';
import type { CircuitBreakerPolicy } from 'cockatiel';
import { CircuitState } from 'cockatiel';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const STATES: Record<CircuitState, 'closed' | 'open' | 'half-open' | 'isolated'> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * Liveness; readiness (PostgreSQL answers within 1 s). The Claude circuit is reported but
 * does not make the service unready: answers degrade instead.
 */
export async function healthRoutes(app: FastifyInstance, breaker: CircuitBreakerPolicy) {
  const Ready = Type.Object({ status: Type.Literal('ok'), claudeCircuit: Type.String() });
  app.get(
    '/health/live',
    { schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } }, logLevel: 'warn' },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/health/ready',
    { schema: { tags: ['health'], response: { 200: Ready, 503: Problem } }, logLevel: 'warn' },
    async (request, reply) => {
      try {
        await Promise.race([
          app.pgPool.query('SELECT 1'),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
        ]);
        return { status: 'ok' as const, claudeCircuit: STATES[breaker.state] };
      } catch {
        return reply
          .status(503)
          .header('retry-after', '5')
          .type(PROBLEM_CONTENT_TYPE)
          .send({
            type: problemType('not-ready'),
            title: 'Service Unavailable',
            status: 503,
            detail: 'PostgreSQL does not answer.',
            requestId: request.id,
          });
      }
    },
  );
}
