import type { Driver } from 'neo4j-driver';

/** How far the embedding job is in one namespace: what tests and operators wait on, instead of a sleep. */
export async function embeddingStatus(driver: Driver, namespace: string, timeoutMs: number) {
  const { records } = await driver.executeQuery(
    `MATCH (e:Entity {namespace: $namespace}) WHERE e.embedPending = true
     RETURN count(e) AS pending, count(CASE WHEN e.embedAttempts > 0 THEN 1 END) AS failing,
            head(collect(e.embedError)) AS lastError`,
    { namespace },
    { routing: 'READ', transactionConfig: { timeout: timeoutMs } },
  );
  const record = records[0]!;
  return {
    pending: record.get('pending') as number,
    failing: record.get('failing') as number,
    lastError: (record.get('lastError') as string | null) ?? null,
  };
}
