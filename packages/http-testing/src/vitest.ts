import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { describeExchanges, recordExchanges, type ExchangeContext } from './exchanges.js';

/**
 * When a test of this file fails, its output also shows what the service was sent and what
 * it answered (the last requests of that test), the service's log lines of each request (by
 * request id) and the servers it ran against, as a second error under the assertion's. Call
 * at the top of the file (or in the helper that builds the app), before `app.ready()`.
 */
export function explainFailures(app: FastifyInstance, context: ExchangeContext = {}): void {
  const recorder = recordExchanges(app);
  beforeEach(() => recorder.clear());
  afterEach(({ task }) => {
    if (task.result?.state !== 'fail') return;
    const diagnostics = new Error(describeExchanges(recorder.exchanges, context));
    diagnostics.name = 'What the service saw';
    // Only the message: a stack through this hook would say nothing about the failure.
    diagnostics.stack = `${diagnostics.name}: ${diagnostics.message}`;
    throw diagnostics;
  });
}
