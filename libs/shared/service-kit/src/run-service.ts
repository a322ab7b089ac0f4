import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';

/**
 * The process side of a service: listen, and on SIGTERM/SIGINT (or a crash: an uncaught
 * exception or unhandled rejection, logged first) stop taking requests, let the running ones
 * finish, close clients (`onClose` hooks), then exit. A second signal, or a 10 s deadline,
 * exits at once. close-with-grace does the signal and deadline handling (written by hand
 * before, without the crash case).
 */
export async function runService(app: FastifyInstance, listen: { host: string; port: number }): Promise<void> {
  closeWithGrace({ delay: 10_000, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'crashed: shutting down');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
  });
  await app.listen(listen);
}
