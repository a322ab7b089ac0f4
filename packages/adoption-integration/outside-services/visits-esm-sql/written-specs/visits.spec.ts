import { beforeAll, describe, expect, it } from 'vitest';
import { serviceUnderTest } from '../support/service-under-test.js';

let service: Awaited<ReturnType<typeof serviceUnderTest>>;
beforeAll(async () => {
  service = await serviceUnderTest();
});

describe('visits', () => {
  it('counts in Redis and records the count in PostgreSQL', async () => {
    // Redis is shared by every run that uses this server; the database is this file's own.
    const page = `home-${Math.random().toString(36).slice(2, 8)}`;
    await service.http.post(`/visits/${page}`);
    const second = await service.http.post(`/visits/${page}`);
    const listed = await service.http.get('/visits');

    expect(second.body).toEqual({ page, total: 2 });
    expect(listed.body).toEqual([{ page, total: 2 }]);
  });
});
