import type { FastifyInstance } from 'fastify';

/**
 * The process side of a service: listen, and on SIGTERM/SIGINT stop taking requests, let
 * the running ones finish, close clients (`onClose` hooks), then exit. A second signal or
 * a 10 s deadline exits at once.
 */
export async function runService(app: FastifyInstance, listen: { host: string; port: number }): Promise<void> {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
  await app.listen(listen);
}
