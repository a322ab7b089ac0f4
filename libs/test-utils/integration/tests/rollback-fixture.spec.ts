import { rollbackTest, useIsolatedDatabase } from '@realdeps/isolation/vitest';
import pg from 'pg';
import { afterAll, describe, expect } from 'vitest';

const database = await useIsolatedDatabase();
const pool = new pg.Pool({ connectionString: database.url, max: 4 });
const test = rollbackTest(() => pool);
const owner = `rollback-${Math.random().toString(36).slice(2, 8)}`;

afterAll(async () => {
  // Runs after every test's transaction was rolled back: nothing of theirs may remain.
  const { rows } = await pool.query('SELECT name FROM items WHERE owner = $1', [owner]);
  await pool.end();
  expect(rows).toEqual([]);
});

describe('the transaction-per-test fixture', () => {
  test('sees its own uncommitted writes, which no other connection sees', async ({ tx }) => {
    await tx.query('INSERT INTO items (owner, name) VALUES ($1, $2)', [owner, 'first']);

    const inside = await tx.query('SELECT name FROM items WHERE owner = $1', [owner]);
    const outside = await pool.query('SELECT name FROM items WHERE owner = $1', [owner]);

    expect(inside.rows).toEqual([{ name: 'first' }]);
    expect(outside.rows).toEqual([]);
  });

  test('starts every test in a fresh transaction', async ({ tx }) => {
    await tx.query('INSERT INTO items (owner, name) VALUES ($1, $2)', [owner, 'second']);

    const { rows } = await tx.query('SELECT name FROM items WHERE owner = $1', [owner]);

    expect(rows).toEqual([{ name: 'second' }]);
  });
});
