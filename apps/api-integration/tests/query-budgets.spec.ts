import { explainStatement, type RecordedStatement } from '@realdeps/isolation';
import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { createNote, seedNotes } from '../support/notes.js';

// Budgets on work, not time: how many statements a request sends, and which index serves the
// hot ones. The counts hold on any machine; timings stay in tools/bench.
const api = await apiUnderTest();

const texts = (statements: RecordedStatement[]) => statements.map((statement) => statement.text);

async function statementsOf(request: () => PromiseLike<{ status: number; body: unknown }>, status = 200) {
  const { value: response, statements } = await api.statements.during(async () => request());
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return statements;
}

/** The one statement among `statements` that reads the notes table. */
function notesRead(statements: RecordedStatement[]) {
  const reads = statements.filter((statement) => /^select .* from "notes"/is.test(statement.text));
  expect(reads, texts(statements).join('\n')).toHaveLength(1);
  return reads[0]!;
}

/** The plan of a statement: an index on notes serves it, and no table is read from end to end. */
async function expectIndexed(statement: RecordedStatement, index: string) {
  const plan = await explainStatement(api.pool, statement);
  expect(
    plan.filter((node) => node.nodeType === 'Seq Scan'),
    JSON.stringify(plan),
  ).toEqual([]);
  expect(plan.map((node) => node.indexName)).toContain(index);
}

describe('statements per request (no N+1)', () => {
  it('GET /notes reads a page in one statement, whether the page holds 2 notes or 50', async () => {
    const few = await signedInUser(api.http);
    const many = await signedInUser(api.http);
    await seedNotes(api.pool, few.user.id, 2);
    await seedNotes(api.pool, many.user.id, 120);

    const small = await statementsOf(() => api.http.get('/notes').set(few.auth).query({ limit: 50 }));
    const large = await statementsOf(() => api.http.get('/notes').set(many.auth).query({ limit: 50 }));

    expect(texts(small)).toHaveLength(1);
    expect(texts(large)).toEqual(texts(small));
  });

  it('GET /search answers from one statement on notes, whatever the number of matches', async () => {
    const few = await signedInUser(api.http);
    const many = await signedInUser(api.http);
    await seedNotes(api.pool, few.user.id, 1, () => ({ title: 'harbour walk' }));
    await seedNotes(api.pool, many.user.id, 40, (index) => ({ title: `harbour walk ${index}` }));

    const small = await statementsOf(() => api.http.get('/search').set(few.auth).query({ q: 'harbour', limit: 30 }));
    const large = await statementsOf(() => api.http.get('/search').set(many.auth).query({ q: 'harbour', limit: 30 }));

    expect(texts(small)).toHaveLength(1);
    expect(texts(large)).toEqual(texts(small));
  });

  it('POST /notes writes the note and its outbox row in one transaction of four statements', async () => {
    const { auth } = await signedInUser(api.http);

    const statements = await statementsOf(
      () =>
        api.http
          .post('/notes')
          .set(auth)
          .send({ title: 'one transaction', tags: ['a', 'b', 'c'] }),
      201,
    );

    expect(texts(statements).map((text) => text.split(' ').slice(0, 3).join(' '))).toEqual([
      'begin',
      'insert into "notes"',
      'insert into "outbox"',
      'commit',
    ]);
  });
});

describe('the hot queries use their indexes (EXPLAIN)', () => {
  it("GET /notes: the owner's newest notes come from notes_owner_created_idx, in its order", async () => {
    const { user, auth } = await signedInUser(api.http);
    await seedNotes(api.pool, user.id, 3);

    const statements = await statementsOf(() => api.http.get('/notes').set(auth).query({ limit: 2 }));
    const page = notesRead(statements);
    await expectIndexed(page, 'notes_owner_created_idx');
    // The index can give the order: with sorting priced out, no Sort step is left.
    const ordered = await explainStatement(api.pool, page, { avoid: ['seqscan', 'bitmapscan', 'sort'] });
    expect(ordered.map((node) => node.nodeType)).not.toContain('Sort');

    const next = (await api.http.get('/notes').set(auth).query({ limit: 2 })).body.nextCursor as string;
    await expectIndexed(
      notesRead(await statementsOf(() => api.http.get('/notes').set(auth).query({ limit: 2, cursor: next }))),
      'notes_owner_created_idx',
    );
  });

  it('GET /notes?tag= is served by the tags index on its own (GIN), without the owner index', async () => {
    const { user, auth } = await signedInUser(api.http);
    await seedNotes(api.pool, user.id, 3, () => ({ tags: ['travel'] }));

    const statements = await statementsOf(() => api.http.get('/notes').set(auth).query({ tag: 'travel' }));

    const plan = await explainStatement(api.pool, notesRead(statements), {
      withoutIndexes: ['notes_owner_created_idx'],
    });
    expect(
      plan.filter((node) => node.nodeType === 'Seq Scan'),
      JSON.stringify(plan),
    ).toEqual([]);
    expect(plan.map((node) => node.indexName)).toContain('notes_tags_idx');
  });

  it('GET /search and GET /notes/:id read through an index, not the whole table', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth, { title: 'harbour walk' });

    await expectIndexed(
      notesRead(await statementsOf(() => api.http.get('/search').set(auth).query({ q: 'harbour' }))),
      'notes_owner_created_idx',
    );
    await expectIndexed(notesRead(await statementsOf(() => api.http.get(`/notes/${note.id}`).set(auth))), 'notes_pkey');
  });

  it('POST /auth/login finds the account by the unique index on email', async () => {
    const { user } = await signedInUser(api.http);

    const statements = await statementsOf(() =>
      api.http.post('/auth/login').send({ email: user.email, password: user.password }),
    );

    const lookup = statements.find((statement) => /from "users"/i.test(statement.text));
    expect(lookup, texts(statements).join('\n')).toBeDefined();
    const plan = await explainStatement(api.pool, lookup!);
    expect(plan.filter((node) => node.nodeType === 'Seq Scan')).toEqual([]);
    expect(plan.map((node) => node.indexName)).toContain('users_email_unique');
  });
});
