import {
  cosineSimilarity,
  fromBase64Embedding,
  rateLimited,
  serverError,
  stall,
  startFakeEmbeddings,
  wrongDimension,
  zeroVectors,
} from '@realdeps/fakes';
import OpenAI from 'openai';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const fake = await startFakeEmbeddings({ apiKey: 'test-key' });
afterEach(() => fake.reset());
afterAll(() => fake.stop());

/** The official SDK, as a service would use it: it asks for base64 unless told otherwise. */
const openai = new OpenAI({ baseURL: fake.url, apiKey: 'test-key', maxRetries: 0, timeout: 1000 });

async function post(body: unknown, headers: Record<string, string> = { authorization: 'Bearer test-key' }) {
  const response = await fetch(`${fake.url}/embeddings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

describe('the fake embeddings server, through the OpenAI SDK', () => {
  it('gives vectors that carry meaning, in base64 as the SDK asks, decoded to the same numbers', async () => {
    const { data } = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['postgres tables', 'a database query', 'a ripe banana'],
    });
    const [postgres, database, banana] = data.map((item) => item.embedding);

    const wire = await post({ model: 'm', input: 'postgres tables', encoding_format: 'base64' });

    expect(fake.requests[0]).toMatchObject({ encodingFormat: 'base64', model: 'text-embedding-3-small' });
    // On the wire a string (the SDK would read plain floats too, so its answer alone proves nothing).
    expect(typeof wire.body.data[0].embedding).toBe('string');
    expect(postgres).toHaveLength(fake.dimensions);
    postgres!.forEach((value, i) => expect(value).toBeCloseTo(fake.vectorOf('postgres tables')[i]!, 6));
    expect(cosineSimilarity(postgres!, database!)).toBeGreaterThan(cosineSimilarity(postgres!, banana!));
  });

  it('answers plain floats when asked for them, at the dimensions a request names', async () => {
    const { data } = await openai.embeddings.create({
      model: 'm',
      input: 'lighthouse',
      encoding_format: 'float',
      dimensions: 32,
    });

    expect(data[0]!.embedding).toHaveLength(32);
    expect(fake.requests[0]).toMatchObject({ input: ['lighthouse'], encodingFormat: 'float', dimensions: 32 });
  });

  it('rate-limits with retry-after, fails, and stalls as scripted, then embeds again', async () => {
    fake.script(rateLimited(7), serverError(), stall(5_000));

    const limited = await post({ model: 'm', input: 'x' });
    const failed = await post({ model: 'm', input: 'x' });
    const stalled = openai.embeddings.create({ model: 'm', input: 'x' });
    await expect(stalled).rejects.toThrow(OpenAI.APIConnectionTimeoutError);
    const recovered = await post({ model: 'm', input: 'x' });

    expect([limited.status, limited.headers.get('retry-after'), limited.body.error.type]).toEqual([
      429,
      '7',
      'rate_limit_error',
    ]);
    expect([failed.status, failed.body.error.type]).toEqual([500, 'server_error']);
    expect(recovered.status).toBe(200);
    expect(fake.requests).toHaveLength(4);
  });

  it('stays down once told to, until reset', async () => {
    fake.always(serverError());

    const statuses = [(await post({ model: 'm', input: 'x' })).status, (await post({ model: 'm', input: 'y' })).status];
    fake.reset();

    expect(statuses).toEqual([500, 500]);
    expect((await post({ model: 'm', input: 'x' })).status).toBe(200);
  });

  it('answers the requests whose texts match a rule with its behaviour, before the script, until reset', async () => {
    fake.when((input) => input.includes('poison'), serverError());
    fake.script(wrongDimension(20));

    const poisoned = await post({ model: 'm', input: ['fine', 'poison'] });
    const scripted = await post({ model: 'm', input: 'fine' });
    const again = await post({ model: 'm', input: 'poison' });
    fake.reset();
    const cured = await post({ model: 'm', input: 'poison' });

    expect([poisoned.status, again.status, cured.status]).toEqual([500, 500, 200]);
    expect(scripted.body.data[0].embedding).toHaveLength(20);
  });

  it('gives vectors of the wrong length, or of zeros, as scripted: the faults a service must refuse', async () => {
    fake.script(wrongDimension(20), zeroVectors());

    const wrong = await post({ model: 'm', input: 'x' });
    const zeros = await post({ model: 'm', input: ['x', 'y'], encoding_format: 'base64' });

    expect(wrong.body.data[0].embedding).toHaveLength(20);
    expect(zeros.body.data.map((item: { embedding: string }) => fromBase64Embedding(item.embedding))).toEqual([
      new Array(fake.dimensions).fill(0),
      new Array(fake.dimensions).fill(0),
    ]);
  });
});

describe('the fake embeddings server, refusing what OpenAI refuses', () => {
  it.each([
    [{ model: 'm' }, 'input', 'input must be a string or a non-empty list of strings'],
    [{ model: 'm', input: [] }, 'input', 'input must be a string or a non-empty list of strings'],
    [{ model: 'm', input: [[1, 2]] }, 'input', 'input must be strings (token arrays are not faked)'],
    [{ model: 'm', input: ['a', ''] }, 'input', 'input must not contain empty strings'],
    [{ input: 'x' }, 'model', 'model is required'],
    [
      { model: 'm', input: 'x', encoding_format: 'hex' },
      'encoding_format',
      "encoding_format must be 'float' or 'base64'",
    ],
    [{ model: 'm', input: 'x', dimensions: 3 }, 'dimensions', 'dimensions must be an integer above 12'],
  ])('400 for %j, naming %s, and records nothing', async (body, param, message) => {
    const refused = await post(body);

    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({ message, type: 'invalid_request_error', param, code: null });
    expect(fake.requests).toEqual([]);
  });

  it('401 without the API key, 400 for a body that is not JSON, 404 off the route', async () => {
    const unauthorised = await post({ model: 'm', input: 'x' }, {});
    const notJson = await post('{ not json');
    const elsewhere = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: '{}' });

    expect([unauthorised.status, unauthorised.body.error.type]).toEqual([401, 'authentication_error']);
    expect(notJson.status).toBe(400);
    expect(elsewhere.status).toBe(404);
    expect(fake.requests).toEqual([]);
  });

  it('refuses at start a default dimension too small for its lexicon', async () => {
    await expect(startFakeEmbeddings({ dimensions: 8 })).rejects.toThrow(RangeError);
  });
});
