import { beforeAll, describe, expect, it } from 'vitest';
import { serviceUnderTest } from '../support/service-under-test.js';

let service: Awaited<ReturnType<typeof serviceUnderTest>>;
beforeAll(async () => {
  service = await serviceUnderTest();
});

describe('invoices', () => {
  it('lists what this other file created, from a database of this file only', async () => {
    const created = await service.http.post('/invoices').send({ amount: 7 });
    const listed = await service.http.get('/invoices');

    expect(created.status).toBe(201);
    expect(listed.body).toEqual([{ id: 1, amount: 7 }]);
  });
});
