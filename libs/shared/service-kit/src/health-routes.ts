import type { FastifyPluginAsync } from 'fastify';
import { Type, type TProperties } from 'typebox';
import { Problem } from './problem-schema.js';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem.js';

export interface HealthRoutesOptions {
  /** What readiness needs: each probe must settle within `timeoutMs`, or the service is not ready. */
  probes: Record<string, () => Promise<unknown>>;
  /** 1000 unless given. */
  timeoutMs?: number;
  /** Figures shown in the ready answer that do not decide readiness (e.g. a circuit's state), and their schema. */
  report?: { schema: TProperties; values: () => Record<string, unknown> };
}

const Status = Type.Union([Type.Literal('up'), Type.Literal('down')]);

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), deadline]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/health/live` says the process runs; `/health/ready` says every probe answered in time,
 * with each one's state in `checks`. Not ready is a 503 problem with Retry-After that names
 * what is down.
 */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async function healthRoutes(app, options) {
  const timeoutMs = options.timeoutMs ?? 1000;
  const names = Object.keys(options.probes);
  const Checks = Type.Object(Object.fromEntries(names.map((name) => [name, Status])));
  const Ready = Type.Object({ status: Type.Literal('ok'), checks: Checks, ...options.report?.schema });

  app.get(
    '/health/live',
    { schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } }, logLevel: 'warn' },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/health/ready',
    { schema: { tags: ['health'], response: { 200: Ready, 503: Problem } }, logLevel: 'warn' },
    async (request, reply) => {
      const states = await Promise.all(names.map((name) => probe(options.probes[name]!, timeoutMs)));
      const checks = Object.fromEntries(names.map((name, index) => [name, states[index]]));
      const down = names.filter((_, index) => states[index] === 'down');
      if (down.length === 0) return { status: 'ok' as const, checks, ...options.report?.values() };
      return reply
        .status(503)
        .header('retry-after', '5')
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          problemBody('not-ready', `Not ready: ${down.join(', ')} ${down.length === 1 ? 'does' : 'do'} not answer.`, {
            requestId: request.id,
            checks,
          }),
        );
    },
  );
};
