import { problemOf } from '@realdeps/http-testing';
import { schema } from '@repo/docs';
import { describe, expect, it } from 'vitest';
import { docsUnderTest } from '../support/docs-under-test.js';

const docs = await docsUnderTest();

describe('bad input gets a 400 naming the problem, and writes nothing', () => {
  it.each([
    ['/search', {}, 'querystring.q is required'],
    ['/search', { q: '' }, 'querystring.q must NOT have fewer than 1 characters'],
    ['/search', { q: 'tides', limit: 500 }, 'querystring.limit must be <= 50'],
    ['/search', { q: 'tides', sort: 'date' }, 'querystring.sort is not allowed'],
    ['/search', { q: 'ti\u0000des' }, 'querystring.q must not contain the NUL character (U+0000)'],
  ])('GET %s %j', async (path, query, detail) => {
    expect(problemOf(await docs.http.get(path).query(query))).toMatchObject({ status: 400, detail });
  });

  it.each([
    [{}, 'body.question is required'],
    [{ question: 'x' }, 'body.question must NOT have fewer than 3 characters'],
    [{ question: 42 }, 'body.question must be string'],
    [{ question: 'what?', model: 'opus' }, 'body.model is not allowed'],
    [{ question: 'what\u0000?' }, 'body.question must not contain the NUL character (U+0000)'],
  ])('POST /answer %j', async (body, detail) => {
    const before = docs.claude.requests.length;

    expect(problemOf(await docs.http.post('/answer').send(body))).toMatchObject({ status: 400, detail });
    expect(docs.claude.requests.length).toBe(before);
  });

  it('GET /documents/:id with an id that is not a UUID', async () => {
    expect(problemOf(await docs.http.get('/documents/42'))).toMatchObject({
      status: 400,
      detail: 'params.id must match format "uuid"',
    });
  });

  it('POST /documents with the file under another field name', async () => {
    const response = await docs.http
      .post('/documents')
      .attach('attachment', Buffer.from('text'), { filename: 'a.txt', contentType: 'text/plain' });

    expect(problemOf(response)).toMatchObject({ status: 400, detail: 'body.file is required' });
    expect(await docs.db.$count(schema.documents)).toBe(0);
  });

  it.each([
    ['without a boundary', 'multipart/form-data', 'text'],
    [
      'without its closing boundary',
      'multipart/form-data; boundary=b',
      '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nno end',
    ],
  ])('POST /documents with a multipart body %s', async (_, contentType, body) => {
    const response = await docs.http.post('/documents').set('content-type', contentType).send(body);

    expect(problemOf(response)).toMatchObject({ status: 400, type: '/problems/malformed-request' });
    expect(await docs.db.$count(schema.documents)).toBe(0);
  });
});

describe('bodies no schema reads', () => {
  it('a JSON body nested 5,000 deep sent to the upload is a 415, not a 500 (found by the fuzz suite)', async () => {
    const response = await docs.http
      .post('/documents')
      .set('content-type', 'application/json')
      .send(`${'['.repeat(5000)}${']'.repeat(5000)}`);

    expect(problemOf(response)).toMatchObject({ status: 415 });
  });
});

describe('the OpenAPI document', () => {
  it('describes the upload body and each error status as problem+json', async () => {
    const document = (await docs.anonymous.get('/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: object }; responses: Record<string, { content?: object }> }>
      >;
    };
    const upload = document.paths['/documents']!.post!;

    expect(Object.keys(upload.requestBody!.content)).toEqual(['multipart/form-data']);
    expect(Object.keys(upload.responses).sort()).toEqual(['202', '400', '401', '413', '415', '500', '503']);
    expect(Object.keys(document.paths['/documents/{id}']!.get!.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '404',
      '414',
      '500',
      '503',
    ]);
    for (const [status, response] of Object.entries(upload.responses))
      if (Number(status) >= 400) expect(Object.keys(response.content!), status).toEqual(['application/problem+json']);
  });
});
