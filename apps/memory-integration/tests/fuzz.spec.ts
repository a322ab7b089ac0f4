import { fuzzFailures, fuzzMcpTools, fuzzOpenApi, fuzzTable } from '@realdeps/http-testing';
import { describe, expect, it } from 'vitest';
import { connectMcp } from '../support/mcp-client.js';
import { memoryUnderTest } from '../support/memory-under-test.js';

/**
 * Generated requests to every operation of memory's OpenAPI document (FUZZ_RUNS per
 * operation, 100 here: it shares Neo4j with the traversal suite, which loads it too; `npm run fuzz` sends 1000): no 5xx, no hang, every error problem+json
 * and documented. Then the same for every MCP tool, through a real MCP client: no hang, no
 * protocol failure, no output that breaks the tool's own schema, no internal error.
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

describe('the MCP tools under fuzzing', () => {
  it(`answer ${runs} generated calls per tool with a result or a tool error a caller can act on`, async () => {
    await memory.app.listen({ host: '127.0.0.1', port: 0 });
    const client = await connectMcp(memory.app, memory.tenant);
    try {
      const reports = await fuzzMcpTools({
        client,
        runs,
        seed,
        internalFailure: /failed to run this tool|database is unavailable|ran out of time/,
      });
      console.log(`memory MCP fuzz, seed ${seed}:\n${fuzzTable(reports)}`);

      expect(reports.map((report) => report.operation)).toContain('create_entities');
      expect(fuzzFailures(reports)).toEqual([]);
      // Every tool ran (a result or a tool error of its own), not only the argument check.
      const ran = reports.filter((report) => (report.statuses.ok ?? 0) + (report.statuses['tool-error'] ?? 0) > 0);
      expect(ran.map((report) => report.operation)).toEqual(reports.map((report) => report.operation));
    } finally {
      await client.close();
    }
  }, 600_000);
});
