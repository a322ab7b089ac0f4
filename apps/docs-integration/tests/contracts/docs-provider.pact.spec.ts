import { Verifier } from '@pact-foundation/pact';
import { pactFile, withServiceToken } from '@repo/contracts';
import { describe, expect, it } from 'vitest';
import { docsToken, docsUnderTest, TEST_OWNER } from '../../support/docs-under-test.js';

/**
 * docs (provider) verifies the contract the api committed: the real service on a free port,
 * real PostgreSQL and files, the fake Claude API; the provider state is reached through the
 * service's own pipeline (upload, worker, ready). The pact pins only the shape of the
 * api's service token; each request gets a real one, for the owner the state uploaded as.
 */
const docs = await docsUnderTest();
const token = await docsToken(TEST_OWNER);

describe('docs as the provider for the api', () => {
  it('honours every interaction in the committed api-docs pact', async () => {
    const baseUrl = await docs.app.listen({ host: '127.0.0.1', port: 0 });
    let tidesReady = false;

    await new Verifier({
      provider: 'docs',
      providerBaseUrl: baseUrl,
      pactUrls: [pactFile('api', 'docs')],
      logLevel: 'warn',
      requestFilter: withServiceToken(token),
      stateHandlers: {
        'a ready document about tides': async () => {
          if (tidesReady) return undefined;
          const uploaded = await docs.upload(
            'tides.md',
            '# Tides\n\nTides are caused by the gravitational pull of the Moon on the oceans.',
          );
          expect((await docs.settled(uploaded.body.id)).status).toBe('ready');
          tidesReady = true;
          return undefined;
        },
      },
    }).verifyProvider();
  });
});
