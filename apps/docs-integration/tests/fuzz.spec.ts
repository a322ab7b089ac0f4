import { fuzzFailures, fuzzOpenApi, fuzzTable } from '@realdeps/http-testing';
import { describe, expect, it } from 'vitest';
import { docsUnderTest } from '../support/docs-under-test.js';

/**
 * Generated requests to every operation of docs' OpenAPI document (FUZZ_RUNS per operation,
 * 200 here; `npm run fuzz` sends 1000), uploads included (well-formed and broken multipart,
 * hostile names, types and bytes): no 5xx, no hang, every error problem+json and documented.
 */
const docs = await docsUnderTest();
const runs = Number(process.env.FUZZ_RUNS ?? 300);
const seed = Number(process.env.IT_SEED ?? 1);

describe('docs under fuzzing', () => {
  it(`answers ${runs} generated requests per operation with no 5xx, no hang, only documented problems`, async () => {
    const uploaded = await docs.upload('tides.md', '# Tides\n\nThe Moon pulls the oceans.').expect(202);

    const reports = await fuzzOpenApi({
      app: docs.app,
      runs,
      seed,
      headers: () => docs.ownerHeaders,
      knownValues: { id: [uploaded.body.id] },
    });
    console.log(`docs fuzz, seed ${seed}:\n${fuzzTable(reports)}`);

    expect(reports.length).toBeGreaterThanOrEqual(5);
    expect(fuzzFailures(reports)).toEqual([]);
  }, 900_000);
});
