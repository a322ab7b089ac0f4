import { schema } from '@repo/api';
import { userFactory } from '@repo/factories';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { createNote, noteRow } from '../support/notes.js';

const api = await apiUnderTest();

describe('concurrent writes', () => {
  it('lets exactly one of 20 parallel updates of the same version win; no update is lost silently', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth);

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, writer) =>
        api.http
          .patch(`/notes/${note.id}`)
          .set(auth)
          .set('if-match', '"1"')
          .send({ title: `writer ${writer}` }),
      ),
    );

    const winners = responses.filter((response) => response.status === 200);
    expect(winners).toHaveLength(1);
    expect(responses.filter((response) => response.status === 412)).toHaveLength(19);
    expect(await noteRow(api, note.id)).toMatchObject({ title: winners[0]!.body.title, version: 2 });
  });

  it('chains parallel writers that retry on 412 into 10 versions with every change applied once', async () => {
    const { auth } = await signedInUser(api.http);
    const note = await createNote(api.http, auth, { tags: [] });

    await Promise.all(
      Array.from({ length: 9 }, async (_, writer) => {
        for (let attempt = 0; attempt < 50; attempt++) {
          const current = await api.http.get(`/notes/${note.id}`).set(auth);
          const tags = [...current.body.tags, `w${writer}`];
          const response = await api.http
            .patch(`/notes/${note.id}`)
            .set(auth)
            .set('if-match', String(current.headers.etag))
            .send({ tags });
          if (response.status === 200) return;
          expect(response.status).toBe(412);
        }
        throw new Error(`writer ${writer} never got its update in`);
      }),
    );

    const row = await noteRow(api, note.id);
    expect(row?.version).toBe(10);
    expect([...(row?.tags ?? [])].sort()).toEqual(Array.from({ length: 9 }, (_, writer) => `w${writer}`).sort());
  });

  it('registers exactly one account when the same email signs up 10 times at once', async () => {
    const user = userFactory.build();

    const responses = await Promise.all(Array.from({ length: 10 }, () => api.http.post('/auth/register').send(user)));

    expect(responses.map((response) => response.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(
      await api.db.select().from(schema.users).where(eq(schema.users.email, user.email.toLowerCase())),
    ).toHaveLength(1);
  });
});
