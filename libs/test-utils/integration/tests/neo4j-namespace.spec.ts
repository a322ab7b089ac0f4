import { createNeo4jNamespace, neo4jDriver } from '@realdeps/isolation';
import { afterAll, describe, expect, inject, it } from 'vitest';

const server = inject('servers').neo4j!;
const driver = await neo4jDriver(server);
afterAll(() => driver.close());

const countIn = async (namespace: string) => {
  const { records } = await driver.executeQuery(
    'MATCH (n {namespace: $namespace}) OPTIONAL MATCH (n)-[r]-() RETURN count(DISTINCT n) AS nodes, count(DISTINCT r) AS relationships',
    { namespace },
  );
  return { nodes: records[0]!.get('nodes') as unknown, relationships: records[0]!.get('relationships') as unknown };
};

describe('neo4jDriver', () => {
  it('connects with the given credentials and returns plain numbers, not 64-bit Integer objects', async () => {
    const own = await neo4jDriver(server);
    try {
      const { records } = await own.executeQuery('RETURN 40 + 2 AS answer');

      expect(records[0]!.get('answer')).toBe(42);
    } finally {
      await own.close();
    }
  });
});

describe('createNeo4jNamespace', () => {
  it('deletes its own nodes and their relationships, and leaves another namespace as it was', async () => {
    const mine = createNeo4jNamespace(driver);
    const theirs = createNeo4jNamespace(driver);
    for (const { namespace } of [mine, theirs])
      await driver.executeQuery(
        'CREATE (:Thing {namespace: $namespace, name: "a"})-[:KNOWS]->(:Thing {namespace: $namespace, name: "b"})',
        { namespace },
      );

    await mine.cleanup();

    expect(mine.namespace).toMatch(/^it_[a-z0-9]+$/);
    expect(mine.namespace).not.toBe(theirs.namespace);
    expect(await countIn(mine.namespace)).toEqual({ nodes: 0, relationships: 0 });
    expect(await countIn(theirs.namespace)).toEqual({ nodes: 2, relationships: 1 });
    await theirs.cleanup();
    expect(await countIn(theirs.namespace)).toEqual({ nodes: 0, relationships: 0 });
  });
});
