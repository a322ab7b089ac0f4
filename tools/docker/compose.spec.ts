import { DEFAULT_IMAGES } from '@realdeps/provisioning';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  image?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
  ports?: string[];
}

const compose = parse(readFileSync(fileURLToPath(new URL('../../docker/compose.yaml', import.meta.url)), 'utf8')) as {
  services: Record<string, Service>;
};
const apps = ['api', 'memory', 'docs'] as const;
/** Where each server listens inside the stack. */
const listening: Record<string, number> = {
  postgres: 5432,
  redis: 6379,
  neo4j: 7687,
  api: 3000,
  memory: 3001,
  docs: 3002,
};

/** Every `*_URL` an app is given, as [variable, host, port]. */
const urlsOf = (service: Service) =>
  Object.entries(service.environment ?? {})
    .filter(([name]) => name.endsWith('_URL'))
    .map(([name, value]) => {
      const url = new URL(value);
      return [name, url.hostname, Number(url.port)] as const;
    });

describe('docker/compose.yaml (the dev stack)', () => {
  it('runs the databases from the images the testcontainers provider pins', () => {
    expect({
      postgres: compose.services.postgres?.image,
      redis: compose.services.redis?.image,
      neo4j: compose.services.neo4j?.image,
    }).toEqual(DEFAULT_IMAGES);
  });

  it.each(apps)('gives %s a port of its own and starts it after every service its URLs name', (app) => {
    const service = compose.services[app]!;
    expect(service.environment?.PORT).toBe(String(listening[app]));
    for (const [name, host, port] of urlsOf(service)) {
      expect(listening[host], `${app} ${name} names ${host}, which the stack does not run`).toBe(port);
      expect(Object.keys(service.depends_on ?? {}), `${app} ${name}`).toContain(host);
    }
  });

  it('wires the api to memory and docs, so the outbox and the federated routes work in the stack', () => {
    expect(urlsOf(compose.services.api!).map(([name, host]) => `${name}=${host}`)).toEqual(
      expect.arrayContaining(['DATABASE_URL=postgres', 'REDIS_URL=redis', 'MEMORY_URL=memory', 'DOCS_URL=docs']),
    );
  });
});
