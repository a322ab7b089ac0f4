import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { createDocsClient } from '@repo/service-clients';
import { afterAll, describe, expect, it } from 'vitest';
import { consumerToken, expectCommittedPact, pactOutputDirectory, serviceTokenHeader } from '../../support/pacts.js';

const { eachLike, like } = MatchersV3;

/** api (consumer) -> docs (provider): search and answers, matched only on what the api reads. */
const generated = pactOutputDirectory();
const pact = new PactV4({ consumer: 'api', provider: 'docs', dir: generated, logLevel: 'warn' });
const client = (baseUrl: string) =>
  createDocsClient({
    baseUrl,
    service: 'docs',
    timeoutMs: 5000,
    retries: 0,
    retryBaseMs: 10,
    breakerThreshold: 100,
    breakerHalfOpenMs: 1000,
    token: consumerToken('docs'),
  });
/** The user the api searches for: docs answers from that user's documents only. */
const caller = { subject: 'user-1' };

describe('the api as a consumer of docs', () => {
  it('searches documents', () =>
    pact
      .addInteraction()
      .given('a ready document about tides')
      .uponReceiving('a search for tides')
      .withRequest('GET', '/search', (request) => request.query({ q: 'tides', limit: '5' }).headers(serviceTokenHeader))
      .willRespondWith(200, (response) =>
        response.jsonBody({
          results: eachLike({
            documentId: like('5f0c8a6e-2b1d-4c3e-9f7a-1a2b3c4d5e6f'),
            filename: like('tides.md'),
            snippet: like('Tides are caused by the Moon'),
          }),
        }),
      )
      .executeTest(async (mock) => {
        const { results } = await client(mock.url).search(caller, 'tides', 5);
        expect(results[0]?.filename).toBe('tides.md');
      }));

  it('asks a question and gets an answer, possibly degraded', () =>
    pact
      .addInteraction()
      .given('a ready document about tides')
      .uponReceiving('a question about tides')
      .withRequest('POST', '/answer', (request) =>
        request.headers(serviceTokenHeader).jsonBody({ question: 'What causes tides?' }),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({ answer: like('The Moon [1].'), citations: like([]), degraded: like(false) }),
      )
      .executeTest(async (mock) => {
        const reply = await client(mock.url).answer(caller, 'What causes tides?');
        expect(typeof reply.answer).toBe('string');
        expect(typeof reply.degraded).toBe('boolean');
      }));
});

afterAll(() => expectCommittedPact(generated, 'api', 'docs'));
