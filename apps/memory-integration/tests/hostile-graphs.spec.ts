import { entityFactory } from '@repo/factories';
import { describe, expect, it } from 'vitest';
import { memoryUnderTest } from '../support/memory-under-test.js';

const memory = await memoryUnderTest();

describe('graphs and traffic written to hurt the service', () => {
  it('answers depth-3 neighbours over thousands of parallel relations without enumerating their paths', async () => {
    // 5 entities, every pair joined by 150 relations of different types, half of them each way.
    const names = ['p0', 'p1', 'p2', 'p3', 'p4'];
    await memory.http
      .post('/entities')
      .set(memory.tenant)
      .send({ entities: names.map((name) => ({ name, entityType: 'node' })) })
      .expect(200);
    for (const [i, from] of names.entries()) {
      for (const to of names.slice(i + 1)) {
        const relations = Array.from({ length: 150 }, (_, k) =>
          k % 2 ? { from, to, relationType: `t${k}` } : { from: to, to: from, relationType: `t${k}` },
        );
        await memory.http.post('/relations').set(memory.tenant).send({ relations }).expect(200);
      }
    }

    const response = await memory.http.get('/entities/p0/neighbours').set(memory.tenant).query({ depth: 3 });

    expect(response.status).toBe(200);
    expect(response.body.neighbours.map((n: { name: string; distance: number }) => [n.name, n.distance])).toEqual([
      ['p1', 1],
      ['p2', 1],
      ['p3', 1],
      ['p4', 1],
    ]);
  });

  it('gives no 5xx to reads and writes racing DETACH DELETE of the same entities', async () => {
    const tenant = await memory.otherTenant();
    const hub = entityFactory.build({ name: 'hub' });
    await memory.http
      .post('/entities')
      .set(tenant)
      .send({ entities: [hub] })
      .expect(200);
    const statuses: number[] = [];
    const until = Date.now() + 3000;

    const churn = async (worker: number) => {
      for (let round = 0; Date.now() < until; round++) {
        const name = `churn-${worker}-${round % 3}`;
        const requests = [
          memory.http
            .post('/entities')
            .set(tenant)
            .send({ entities: [{ name, entityType: 'x', observations: ['o'] }] }),
          memory.http
            .post('/relations')
            .set(tenant)
            .send({ relations: [{ from: 'hub', to: name, relationType: 'r' }] }),
          memory.http.get('/entities/hub/neighbours').set(tenant).query({ depth: 2 }),
          memory.http.get('/graph').set(tenant),
          memory.http.get('/search').set(tenant).query({ q: 'churn' }),
          memory.http
            .get('/entities')
            .set(tenant)
            .query({ names: [name, 'hub'] }),
          memory.http
            .post('/entities/delete')
            .set(tenant)
            .send({ entityNames: [name] }),
        ];
        statuses.push(...(await Promise.all(requests)).map((response) => response.status));
      }
    };
    await Promise.all([0, 1, 2, 3].map(churn));

    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
