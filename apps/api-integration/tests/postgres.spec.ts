import { problemOf } from '@realdeps/http-testing';
import { databaseUrl } from '@realdeps/isolation';
import { schema } from '@repo/api';
import { migrateDatabase, migrationsFolder } from '@repo/api/migrate';
import { noteFactory } from '@repo/factories';
import { eq } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { signedInUser } from '../support/accounts.js';
import { apiUnderTest } from '../support/api-under-test.js';
import { createNote, notesOf } from '../support/notes.js';

const api = await apiUnderTest();

describe('PostgreSQL behind the api', () => {
  it('cascades: deleting a user removes their notes, refresh tokens and idempotency keys', async () => {
    const { user, auth } = await signedInUser(api.http);
    await api.http.post('/notes').set(auth).set('idempotency-key', 'k1').send(noteFactory.build());
    await createNote(api.http, auth);

    await api.db.delete(schema.users).where(eq(schema.users.id, user.id));

    expect(await notesOf(api, user.id)).toEqual([]);
    expect(await api.db.select().from(schema.refreshTokens).where(eq(schema.refreshTokens.userId, user.id))).toEqual(
      [],
    );
    expect(
      await api.db.select().from(schema.idempotencyKeys).where(eq(schema.idempotencyKeys.ownerId, user.id)),
    ).toEqual([]);
  });

  it('leaves nothing behind when a transaction fails half-way (idempotency key and note commit together)', async () => {
    const { user, auth } = await signedInUser(api.http);
    // Make the second statement of the transaction fail, in this file's database only.
    await api.pool.query("ALTER TABLE notes ADD CONSTRAINT test_no_boom CHECK (title <> 'boom')");
    try {
      const response = await api.http
        .post('/notes')
        .set(auth)
        .set('idempotency-key', 'half-way')
        .send({ title: 'boom' });

      expect(problemOf(response)).toMatchObject({ status: 500, type: '/problems/internal' });
      expect(await notesOf(api, user.id)).toEqual([]);
      expect(
        await api.db.select().from(schema.idempotencyKeys).where(eq(schema.idempotencyKeys.ownerId, user.id)),
      ).toEqual([]);
    } finally {
      await api.pool.query('ALTER TABLE notes DROP CONSTRAINT test_no_boom');
    }
  });

  it('migrates an empty database, and a second run changes nothing', async () => {
    const server = inject('servers').postgres!;
    const name = `api_migrations_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      await migrateDatabase(databaseUrl(server.url, name));
      await migrateDatabase(databaseUrl(server.url, name));

      const client = new pg.Client({ connectionString: databaseUrl(server.url, name) });
      await client.connect();
      const tables = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      const applied = await client.query('SELECT hash FROM drizzle.__drizzle_migrations');
      await client.end();
      const migrations = (
        JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }
      ).entries;
      expect(tables.rows.map((row) => row.table_name)).toEqual([
        'idempotency_keys',
        'notes',
        'outbox',
        'refresh_tokens',
        'users',
      ]);
      expect(applied.rowCount).toBe(migrations.length);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('an exhausted connection pool', async () => {
  const small = await apiUnderTest({ config: { postgres: { poolMax: 2, connectionTimeoutMs: 300 } } });

  it('answers 503 with Retry-After once the wait for a connection runs out, instead of hanging', async () => {
    const { auth } = await signedInUser(small.http);
    const held = await Promise.all([small.pool.connect(), small.pool.connect()]);
    try {
      const response = await small.http.get('/notes').set(auth);

      expect(problemOf(response)).toMatchObject({ status: 503, type: '/problems/dependency-unavailable' });
      expect(response.body.dependency).toBe('postgres');
      expect(response.headers['retry-after']).toBe('2');
    } finally {
      held.forEach((client) => client.release());
    }
    expect((await small.http.get('/notes').set(auth)).status).toBe(200);
  });
});

describe('a statement stuck behind a lock', async () => {
  const strict = await apiUnderTest({ config: { postgres: { statementTimeoutMs: 300 } } });

  it('is cancelled by the production statement timeout and answered 503, instead of holding the request', async () => {
    const { auth } = await signedInUser(strict.http);
    const locker = await strict.pool.connect();
    await locker.query('BEGIN; LOCK TABLE notes IN ACCESS EXCLUSIVE MODE');
    try {
      const response = await strict.http.get('/notes').set(auth);

      expect(problemOf(response)).toMatchObject({ status: 503, type: '/problems/dependency-unavailable' });
      expect(response.body.dependency).toBe('postgres');
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    expect((await strict.http.get('/notes').set(auth)).status).toBe(200);
  });
});
