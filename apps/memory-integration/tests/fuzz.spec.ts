import { fuzzFailures, fuzzOpenApi, fuzzTable } from '@repo/http-testing';
import { describe, expect, it } from 'vitest';
import { memoryUnderTest } from '../support/memory-under-test.js';

/**
 * Generated requests to every operation of memory's OpenAPI document (FUZZ_RUNS per
 * operation, 100 here: it shares Neo4j with the traversal suite, which loads it too; `npm run fuzz` sends 1000): no 5xx, no hang, every error problem+json
 * and documented.
 */
const memory = await memoryUnderTest();
const runs = Number(process.env.FUZZ_RUNS ?? 100);
const seed = Number(process.env.IT_SEED ?? 1);

describe('memory under fuzzing', () => {
  it(`answers ${runs} generated requests per operation with no 5xx, no hang, only documented problems`, async () => {
    await memory.http
      .post('/entities')
      .set(memory.tenant)
      .send({
        entities: [
          { name: 'Ada', entityType: 'person', observations: ['first'] },
          { name: 'Babbage', entityType: 'person', observations: [] },
        ],
      })
      .expect(200);

    const reports = await fuzzOpenApi({
      app: memory.app,
      runs,
      seed,
      headers: () => memory.tenant,
      knownValues: { name: ['Ada', 'Babbage'] },
    });
    console.log(`memory fuzz, seed ${seed}:\n${fuzzTable(reports)}`);

    expect(reports.length).toBeGreaterThan(10);
    expect(fuzzFailures(reports)).toEqual([]);
  }, 600_000);
});
