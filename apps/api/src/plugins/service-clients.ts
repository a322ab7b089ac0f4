import {
  createDocsClient,
  createMemoryClient,
  type DocsClient,
  type MemoryClient,
  type ServiceCaller,
} from '@repo/service-clients';
import { signServiceToken, type ServiceAudience } from '@repo/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiConfig } from '../config.js';
import { createOutboxRelay, type OutboxRelay } from '../memory-mirror/outbox-relay.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The memory service, when MEMORY_URL is set. */
    memory: MemoryClient | null;
    /** The docs service, when DOCS_URL is set. */
    docs: DocsClient | null;
    /** Delivers the outbox to memory; runs while the app is up, when memory is configured. */
    outboxRelay: OutboxRelay | null;
  }
}

/** The typed clients of the other services (timeouts, retries, breakers), and the outbox relay. */
export const serviceClientsPlugin = fp(
  async (app: FastifyInstance, config: ApiConfig) => {
    // parseConfig makes sure each configured service has its token secret.
    const options = (service: ServiceAudience, baseUrl: string, secret: string | undefined) => ({
      service,
      baseUrl,
      ...config.dependencies,
      token: (caller: ServiceCaller) =>
        signServiceToken({ audience: service, secret: secret!, ttlSeconds: config.serviceTokenTtlSeconds, ...caller }),
    });
    const memory = config.memoryUrl
      ? createMemoryClient(options('memory', config.memoryUrl, config.memoryTokenSecret))
      : null;
    const relay = memory
      ? createOutboxRelay({
          pool: app.pgPool,
          memory,
          namespace: config.memoryNamespace,
          log: app.log.child({ component: 'outbox-relay' }),
          ...config.outbox,
        })
      : null;
    app.decorate('memory', memory);
    app.decorate(
      'docs',
      config.docsUrl ? createDocsClient(options('docs', config.docsUrl, config.docsTokenSecret)) : null,
    );
    app.decorate('outboxRelay', relay);
    if (relay) {
      app.addHook('onReady', async () => relay.start());
      app.addHook('preClose', async () => relay.stop());
    }
  },
  { name: 'service-clients', dependencies: ['db'] },
);
