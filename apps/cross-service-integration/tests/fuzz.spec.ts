import { fuzzFailures, fuzzOpenApi, fuzzTable } from '@realdeps/http-testing';
import { noteFactory } from '@repo/factories';
import { describe, expect, it } from 'vitest';
import { graphOfThisFile, pendingOutbox } from '../support/mirror.js';
import { apiService, memoryService } from '../support/services.js';

/**
 * The api operations that need memory, fuzzed here where a real memory runs (the api suite
 * has none, so there they could only answer 503): FUZZ_RUNS per operation, 300 unless set.
 */
const REACHES_MEMORY = ['GET /notes/{id}/related'];

const memory = await memoryService();
const { namespace } = await graphOfThisFile();
const api = await apiService({ memoryUrl: memory.url, memoryNamespace: namespace });
const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = Number(process.env.IT_SEED ?? 1);

describe('the api operations that reach memory, under fuzzing', () => {
  it(`answer ${runs} generated requests each with no 5xx, no hang, only documented problems`, async () => {
    const { auth } = await api.signedIn();
    const notes = [];
    for (const tags of [['sea', 'moon'], ['sea'], ['moon']]) {
      const created = await api.http.post('/notes').set(auth).send(noteFactory.build({ tags }));
      expect(created.status).toBe(201);
      notes.push(created.body.id as string);
    }
    await expect.poll(() => pendingOutbox(api.pool), { timeout: 15_000 }).toEqual([]);

    const reports = await fuzzOpenApi({
      app: api.app,
      runs,
      seed,
      only: REACHES_MEMORY,
      headers: () => auth,
      knownValues: { id: notes },
    });
    console.log(`api fuzz of the operations that reach memory, seed ${seed}:\n${fuzzTable(reports)}`);

    expect(reports.map((report) => report.operation)).toEqual(REACHES_MEMORY);
    expect(reports[0]!.statuses['200']).toBeGreaterThan(0);
    expect(fuzzFailures(reports)).toEqual([]);
  }, 600_000);
});
