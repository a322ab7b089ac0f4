import type { FastifyInstance } from 'fastify';

/**
 * The client an app works with: the injected one if given (its owner closes it, as a test
 * that binds it to its own database does), else one made here, which closes with the app.
 */
export function clientOf<T>(
  app: FastifyInstance,
  injected: T | undefined,
  create: () => T,
  close: (client: T) => unknown,
): T {
  if (injected) return injected;
  const client = create();
  app.addHook('onClose', async () => {
    await close(client);
  });
  return client;
}
