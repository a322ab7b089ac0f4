import { answer, malformed, overloaded, rateLimited, serverError, stall } from '@realdeps/fakes';
import { beforeAll, describe, expect, it } from 'vitest';
import { docsUnderTest, type DocsUnderTest } from '../support/docs-under-test.js';

const GUIDE = `# Sourdough\n\nA sourdough starter needs flour and water fed daily. ${'Keep the starter warm and feed it. '.repeat(10)}`;

async function withIndexedGuide(docs: DocsUnderTest): Promise<void> {
  const uploaded = await docs.upload('sourdough.md', GUIDE);
  expect((await docs.settled(uploaded.body.id)).status).toBe('ready');
}

const ask = (docs: DocsUnderTest) => docs.http.post('/answer').send({ question: 'How do I feed a sourdough starter?' });

describe('POST /answer when Claude misbehaves', async () => {
  // A high breaker threshold: these tests look at retries and fallbacks, not at the breaker.
  const docs = await docsUnderTest({ claude: { maxRetries: 2, timeoutMs: 1000, breakerThreshold: 100 } });
  beforeAll(() => withIndexedGuide(docs));

  it('waits as 429 retry-after says, retries, and answers', async () => {
    docs.claude.reset();
    docs.claude.script(rateLimited(1), answer('Feed it flour and water daily [1].'));

    const response = await ask(docs);

    expect(response.body).toMatchObject({ answer: 'Feed it flour and water daily [1].', degraded: false });
    expect(docs.claude.requests).toHaveLength(2);
    expect(docs.claude.requests[1]!.at - docs.claude.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries after 529 overloaded and answers', async () => {
    docs.claude.reset();
    docs.claude.script(overloaded(), answer('Daily feeding [1].'));

    const response = await ask(docs);

    expect(response.body).toMatchObject({ degraded: false });
    expect(docs.claude.requests).toHaveLength(2);
  });

  it('gives up after the retry limit and answers from the documents, flagged degraded', async () => {
    docs.claude.reset();
    docs.claude.script(serverError(), serverError(), serverError(), answer('never reached'));

    const response = await ask(docs);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      degraded: true,
      reason: 'claude-status-500',
      citations: [expect.objectContaining({ filename: 'sourdough.md' })],
    });
    expect(response.body.answer).toMatch(/starter/i);
    expect(docs.claude.requests).toHaveLength(3);
  });

  it('times out a stalled call (each try) and falls back', async () => {
    docs.claude.reset();
    docs.claude.script(stall(5000), stall(5000), stall(5000));

    const response = await ask(docs);

    expect(response.body).toMatchObject({ degraded: true, reason: 'claude-timeout' });
    expect(docs.claude.requests).toHaveLength(3);
  });

  it('falls back when the answer is not valid JSON', async () => {
    docs.claude.reset();
    docs.claude.script(malformed(), malformed(), malformed());

    const response = await ask(docs);

    expect(response.body).toMatchObject({ degraded: true });
    expect(docs.logs.lines.some((line) => line.msg === 'answering without Claude')).toBe(true);
  });

  it('sends the model, the limits and the retrieved chunks', async () => {
    docs.claude.reset();
    docs.claude.script(answer('ok [1]'));

    await ask(docs);

    const [sent] = docs.claude.requests;
    expect(sent?.body).toMatchObject({ model: 'claude-test', max_tokens: 1024 });
    expect(sent?.body.system).toContain('Cite every source you use as [n]');
    expect(sent?.body.messages?.[0]?.content).toContain('[1] (sourdough.md)');
  });
});

describe('the circuit breaker around Claude', async () => {
  const docs = await docsUnderTest({ claude: { maxRetries: 0, breakerThreshold: 3, breakerHalfOpenMs: 500 } });
  beforeAll(() => withIndexedGuide(docs));

  it('opens after consecutive failures (no more calls), then closes again after a good half-open call', async () => {
    docs.claude.script(serverError(), serverError(), serverError());
    for (let i = 0; i < 3; i++)
      expect((await ask(docs)).body).toMatchObject({ degraded: true, reason: 'claude-status-500' });

    const whileOpen = await ask(docs);
    const health = await docs.http.get('/health/ready');

    expect(whileOpen.body).toMatchObject({ degraded: true, reason: 'circuit-open' });
    expect(docs.claude.requests).toHaveLength(3);
    expect(health.body.claudeCircuit).toBe('open');

    await new Promise((resolve) => setTimeout(resolve, 600));
    docs.claude.script(answer('Back again [1].'));
    const afterHalfOpen = await ask(docs);

    expect(afterHalfOpen.body).toMatchObject({ answer: 'Back again [1].', degraded: false });
    expect((await docs.http.get('/health/ready')).body.claudeCircuit).toBe('closed');
  });
});
