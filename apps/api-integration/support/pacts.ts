import { MatchersV3 } from '@pact-foundation/pact';
import { pactFile, type ServiceCaller } from '@repo/contracts';
import { signServiceToken, type ServiceAudience } from '@repo/service-kit';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * The api's service token, as a pact pins it: a Bearer JWT, by shape only (the provider's
 * verification puts a real one in). The example is a fixed string, so the pact stays stable.
 */
export const serviceTokenHeader = {
  authorization: MatchersV3.regex(
    '^Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
    'Bearer eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJhcGkifQ.c2lnbmF0dXJl',
  ),
};

/** Signs as the api does, with a secret only these tests use. */
export const consumerToken = (audience: ServiceAudience) => (caller: ServiceCaller) =>
  signServiceToken({ audience, secret: 'pact-consumer-token-secret-32-chars', ttlSeconds: 60, ...caller });

/** Consumer tests write their pact here first, never straight over the committed one. */
export const pactOutputDirectory = () => mkdtempSync(join(tmpdir(), 'pacts-'));

/**
 * The drift check: the pact the consumer tests just generated must equal the committed one
 * (order of interactions and library metadata aside). PACT_UPDATE=1 rewrites the committed
 * file instead; commit it with the change that needed it.
 */
export function expectCommittedPact(generatedDirectory: string, consumer: string, provider: string): void {
  const fresh = join(generatedDirectory, `${consumer}-${provider}.json`);
  const committed = pactFile(consumer, provider);
  try {
    if (process.env.PACT_UPDATE === '1') copyFileSync(fresh, committed);
    const comparable = (path: string) => {
      const json = JSON.parse(readFileSync(path, 'utf8')) as {
        interactions: { description: string }[];
        metadata?: unknown;
      };
      return {
        ...json,
        metadata: undefined,
        interactions: [...json.interactions].sort((a, b) => a.description.localeCompare(b.description)),
      };
    };
    expect(
      comparable(fresh),
      `the committed ${consumer}-${provider} pact differs from what the consumer tests generate: run PACT_UPDATE=1 npx nx run api-integration:integration and commit it`,
    ).toEqual(comparable(committed));
  } finally {
    rmSync(generatedDirectory, { recursive: true, force: true });
  }
}
