import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { createMemoryClient, ServiceCallError } from '@repo/service-clients';
import { afterAll, describe, expect, it } from 'vitest';
import { consumerToken, expectCommittedPact, pactOutputDirectory, serviceTokenHeader } from '../../support/pacts.js';

const { eachLike, like } = MatchersV3;

/**
 * api (consumer) -> memory (provider). The real memory client is driven against Pact's mock
 * server; matchers cover only what the api reads. The contract is written to a temp dir and
 * compared with the committed one: a difference fails (PACT_UPDATE=1 rewrites the committed file).
 */
const generated = pactOutputDirectory();
const pact = new PactV4({ consumer: 'api', provider: 'memory', dir: generated, logLevel: 'warn' });
const namespace = 'pact-memory';
/** The relay's caller: the api itself, in the notes' namespace (the token carries it, not a header). */
const caller = { subject: 'api', namespace };
const client = (baseUrl: string) =>
  createMemoryClient({
    baseUrl,
    service: 'memory',
    timeoutMs: 5000,
    retries: 0,
    retryBaseMs: 10,
    breakerThreshold: 100,
    breakerHalfOpenMs: 1000,
    token: consumerToken('memory'),
  });

describe('the api as a consumer of memory', () => {
  it('searches entities by text', () =>
    pact
      .addInteraction()
      .given('an entity named Ada exists', { namespace, name: 'Ada' })
      .uponReceiving('a search for Ada')
      .withRequest('GET', '/search', (request) => request.query({ q: 'Ada' }).headers(serviceTokenHeader))
      .willRespondWith(200, (response) =>
        response.jsonBody({
          entities: eachLike({
            name: 'Ada',
            entityType: like('person'),
            observations: like(['wrote the first program']),
          }),
          relations: like([]),
        }),
      )
      .executeTest(async (mock) => {
        const { entities } = await client(mock.url).search(caller, 'Ada');
        expect(entities[0]?.name).toBe('Ada');
      }));

  it('reads the neighbours of an entity', () =>
    pact
      .addInteraction()
      .given('Ada knows Babbage', { namespace })
      .uponReceiving('the neighbours of Ada at depth 1')
      .withRequest('GET', '/entities/Ada/neighbours', (request) =>
        request.query({ depth: '1' }).headers(serviceTokenHeader),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({ neighbours: eachLike({ name: 'Babbage', entityType: like('person'), distance: like(1) }) }),
      )
      .executeTest(async (mock) => {
        const { neighbours } = await client(mock.url).neighbours(caller, 'Ada', 1);
        expect(neighbours.map((entity) => [entity.name, entity.distance])).toEqual([['Babbage', 1]]);
      }));

  it('creates entities', () =>
    pact
      .addInteraction()
      .uponReceiving('a request to create Ada')
      .withRequest('POST', '/entities', (request) =>
        request
          .headers(serviceTokenHeader)
          .jsonBody({ entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }] }),
      )
      .willRespondWith(200, (response) => response.jsonBody({ entities: eachLike({ name: 'Ada' }) }))
      .executeTest(async (mock) => {
        const { entities } = await client(mock.url).createEntities(caller, [
          { name: 'Ada', entityType: 'person', observations: ['wrote the first program'] },
        ]);
        expect(entities.map((entity) => entity.name)).toEqual(['Ada']);
      }));

  it('relates two entities', () =>
    pact
      .addInteraction()
      .given('Ada knows Babbage', { namespace })
      .uponReceiving('a request to relate Ada to Babbage')
      .withRequest('POST', '/relations', (request) =>
        request
          .headers(serviceTokenHeader)
          .jsonBody({ relations: [{ from: 'Ada', to: 'Babbage', relationType: 'knows' }] }),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({ relations: eachLike({ from: 'Ada', to: 'Babbage', relationType: 'knows' }) }),
      )
      .executeTest(async (mock) => {
        const { relations } = await client(mock.url).createRelations(caller, [
          { from: 'Ada', to: 'Babbage', relationType: 'knows' },
        ]);
        expect(relations).toEqual([{ from: 'Ada', to: 'Babbage', relationType: 'knows' }]);
      }));

  it('deletes entities', () =>
    pact
      .addInteraction()
      .given('an entity named Ada exists', { namespace, name: 'Ada' })
      .uponReceiving('a request to delete Ada')
      .withRequest('POST', '/entities/delete', (request) =>
        request.headers(serviceTokenHeader).jsonBody({ entityNames: ['Ada'] }),
      )
      .willRespondWith(200, (response) => response.jsonBody({ deleted: like(1) }))
      .executeTest(async (mock) => {
        const { deleted } = await client(mock.url).deleteEntities(caller, ['Ada']);
        expect(deleted).toBe(1);
      }));

  it('gets a problem+json 404 for an entity that does not exist', () =>
    pact
      .addInteraction()
      .given('there is no entity named Nobody', { namespace })
      .uponReceiving('the neighbours of an unknown entity')
      .withRequest('GET', '/entities/Nobody/neighbours', (request) =>
        request.query({ depth: '1' }).headers(serviceTokenHeader),
      )
      .willRespondWith(404, (response) =>
        // jsonBody() expects application/json; the header set after it says problem+json instead.
        response
          .jsonBody({ status: 404, type: like('/problems/not-found') })
          .headers({ 'Content-Type': 'application/problem+json; charset=utf-8' }),
      )
      .executeTest(async (mock) => {
        const failure = await client(mock.url)
          .neighbours(caller, 'Nobody', 1)
          .catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ServiceCallError);
        expect((failure as ServiceCallError).failure).toBe('client-error');
      }));
});

afterAll(() => expectCommittedPact(generated, 'api', 'memory'));
