import { describe, expect, it } from 'vitest';
import { externalServer } from './external.js';

describe('externalServer', () => {
  it('reads credentials, port and database from a PostgreSQL URL', () => {
    const { info } = externalServer('postgres', 'postgres://app:s%40cret@db.internal:6543/app_test');
    expect(info).toEqual({
      kind: 'postgres',
      provider: 'external',
      host: 'db.internal',
      port: 6543,
      user: 'app',
      password: 's@cret',
      database: 'app_test',
      url: 'postgres://app:s%40cret@db.internal:6543/app_test',
    });
  });

  it('fills in the default port and database', () => {
    const { info } = externalServer('postgres', 'postgres://127.0.0.1');
    expect(info).toMatchObject({ port: 5432, user: 'postgres', database: 'postgres' });
  });

  it('moves Neo4j credentials out of the URL, where the driver does not read them', () => {
    const { info } = externalServer('neo4j', 'bolt://neo4j:pw@127.0.0.1:7999');
    expect(info).toMatchObject({ url: 'bolt://127.0.0.1:7999', user: 'neo4j', password: 'pw', port: 7999 });
  });

  it('rejects a malformed URL, naming the variable it came from', () => {
    expect(() => externalServer('redis', 'not a url')).toThrow('IT_REDIS_URL is not a valid URL: "not a url".');
  });
});
