import { createDocsClient, createMemoryClient, type ServiceCaller } from '@repo/service-clients';
import { signServiceToken, type ServiceAudience } from '@repo/service-kit';
import type { ApiConfig } from '../config.js';

/**
 * The typed clients of the other services (timeouts, retries, breakers), each signing a
 * short-lived service token per call; null where the service is not configured.
 */
export function createServiceClients(config: ApiConfig) {
  // parseConfig makes sure each configured service has its token secret.
  const options = (service: ServiceAudience, baseUrl: string, secret: string | undefined) => ({
    service,
    baseUrl,
    ...config.dependencies,
    token: (caller: ServiceCaller) =>
      signServiceToken({ audience: service, secret: secret!, ttlSeconds: config.serviceTokenTtlSeconds, ...caller }),
  });
  return {
    memory: config.memoryUrl ? createMemoryClient(options('memory', config.memoryUrl, config.memoryTokenSecret)) : null,
    docs: config.docsUrl ? createDocsClient(options('docs', config.docsUrl, config.docsTokenSecret)) : null,
  };
}
