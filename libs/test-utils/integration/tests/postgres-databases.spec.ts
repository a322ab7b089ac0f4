import {
  createIsolatedDatabase,
  databaseUrl,
  preparePostgresTemplate,
  type TemplateOptions,
} from '@realdeps/isolation';
import { postgresTemplate } from '@realdeps/isolation/global-setup';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import { admin, databasesStartingWith, onDatabase, postgresServer } from './postgres-admin.js';

// Templates of this file's own (not the suite's), so every step of their life can be watched.
const run = Math.random().toString(36).slice(2, 8);
const templates: string[] = [];

afterAll(() =>
  admin(async (client) => {
    for (const template of templates) {
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
        [template],
      );
      for (const { datname } of rows)
        await client.query(`DROP DATABASE IF EXISTS "${datname.replaceAll('"', '""')}" WITH (FORCE)`);
    }
  }),
);

/** Options for a template named after the test, whose migration creates `marks` and counts its runs. */
function templateOptions(key: string, poolSize?: number) {
  const counter = { migrations: 0 };
  const options: TemplateOptions = {
    name: 'lib',
    key: `${run}${key}`,
    ...(poolSize === undefined ? {} : { poolSize }),
    migrate: async (url) => {
      counter.migrations += 1;
      await onDatabase(url, (client) => client.query('CREATE TABLE marks (label text NOT NULL)'));
    },
  };
  templates.push(`it_lib_${run}${key}`.toLowerCase(), `it_first_${run}${key}`, `it_second_${run}${key}`);
  return { options, counter };
}

const tablesOf = (url: string) =>
  onDatabase(url, async (client) => {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    return rows.map((row) => row.tablename);
  });

describe('preparePostgresTemplate', () => {
  it('migrates once per key, however often and however concurrently it is asked', async () => {
    const { options, counter } = templateOptions('once', 0);

    const prepared = await Promise.all([1, 2, 3].map(() => preparePostgresTemplate(postgresServer(), options)));
    await preparePostgresTemplate(postgresServer(), options);

    expect(counter.migrations).toBe(1);
    expect(prepared.map(({ info }) => info)).toEqual(
      Array.from({ length: 3 }, () => ({ serverUrl: postgresServer(), template: `it_lib_${run}once` })),
    );
    expect(await databasesStartingWith(`it_lib_${run}once`)).toEqual([`it_lib_${run}once`]);
  });

  it('fills a pool of clones of the size asked (4 by default), and dispose drops what is left of it', async () => {
    const sized = templateOptions('sized', 2);
    const standard = templateOptions('standard');

    const small = await preparePostgresTemplate(postgresServer(), sized.options);
    const large = await preparePostgresTemplate(postgresServer(), standard.options);

    expect(await databasesStartingWith(`it_lib_${run}sized_p_`)).toHaveLength(2);
    expect(await databasesStartingWith(`it_lib_${run}standard_p_`)).toHaveLength(4);
    await small.dispose();
    expect(await databasesStartingWith(`it_lib_${run}sized`)).toEqual([`it_lib_${run}sized`]);
    expect(await databasesStartingWith(`it_lib_${run}standard_p_`)).toHaveLength(4);
    await large.dispose();
  });

  it('leaves no template behind a migration that fails, so the next run migrates again', async () => {
    const { options, counter } = templateOptions('broken', 0);
    const failing = { ...options, migrate: () => Promise.reject(new Error('migration 3 has a typo')) };

    await expect(preparePostgresTemplate(postgresServer(), failing)).rejects.toThrow('migration 3 has a typo');
    expect(await databasesStartingWith(`it_lib_${run}broken`)).toEqual([`it_lib_${run}broken_building`]);
    await preparePostgresTemplate(postgresServer(), options);

    expect(counter.migrations).toBe(1);
    expect(await databasesStartingWith(`it_lib_${run}broken`)).toEqual([`it_lib_${run}broken`]);
    expect(await tablesOf(databaseUrl(postgresServer(), `it_lib_${run}broken`))).toEqual(['marks']);
  });

  it('quotes the names it builds: a key with a double quote and a space is a database name like any other', async () => {
    const { options } = templateOptions('"quoted key', 1);

    const { info, dispose } = await preparePostgresTemplate(postgresServer(), options);
    const database = await createIsolatedDatabase(info);

    expect(info.template).toBe(`it_lib_${run}"quoted key`);
    expect(await tablesOf(database.url)).toEqual(['marks']);
    await database.drop();
    await dispose();
  });
});

describe('createIsolatedDatabase', () => {
  it("gives each caller a database of its own, with the template's schema, taken from the pool and the pool refilled", async () => {
    const { options } = templateOptions('pooled', 2);
    const { info, dispose } = await preparePostgresTemplate(postgresServer(), options);
    const pooledBefore = await databasesStartingWith(`${info.template}_p_`);

    const [first, second] = await Promise.all([createIsolatedDatabase(info), createIsolatedDatabase(info)]);
    await onDatabase(first.url, (client) => client.query("INSERT INTO marks VALUES ('first only')"));

    expect(first.name).not.toBe(second.name);
    expect(first.name).toMatch(new RegExp(`^${info.template}_t_[a-z0-9]+$`));
    expect(first.url).toBe(databaseUrl(postgresServer(), first.name));
    expect(await onDatabase(second.url, (client) => client.query('SELECT label FROM marks'))).toMatchObject({
      rows: [],
    });
    await Promise.all([first.drop(), second.drop()]);
    const pooledAfter = await databasesStartingWith(`${info.template}_p_`);
    expect(pooledAfter).toHaveLength(2);
    expect(pooledAfter.filter((name) => pooledBefore.includes(name))).toEqual([]);
    await dispose();
  });

  it('clones the template when the pool is empty', async () => {
    const { options } = templateOptions('nopool', 0);
    const { info } = await preparePostgresTemplate(postgresServer(), options);

    const database = await createIsolatedDatabase(info);

    expect(await tablesOf(database.url)).toEqual(['marks']);
    expect(await databasesStartingWith(`${info.template}_p_`)).toEqual([]);
    await database.drop();
  });

  it('drop removes the database even while a client is still connected to it', async () => {
    const { options } = templateOptions('dropped', 0);
    const { info } = await preparePostgresTemplate(postgresServer(), options);
    const database = await createIsolatedDatabase(info);
    const forgotten = new pg.Client({ connectionString: database.url });
    forgotten.on('error', () => undefined);
    await forgotten.connect();

    await database.drop();

    expect(await databasesStartingWith(database.name)).toEqual([]);
  });
});

describe('postgresTemplate, the global setup hook', () => {
  it('prepares every template it is given, provides them by name, and its teardown drops their pools', async () => {
    const first = templateOptions('hookfirst', 1);
    const second = templateOptions('hooksecond', 1);
    const provided: Record<string, unknown> = {};
    const project = { provide: (key: string, value: unknown) => (provided[key] = value) } as unknown as TestProject;

    const teardown = await postgresTemplate({ ...first.options, name: 'first' }, { ...second.options, name: 'second' })(
      { postgres: inject('servers').postgres! },
      project,
    );

    expect(provided).toEqual({
      postgresTemplates: {
        first: { serverUrl: postgresServer(), template: `it_first_${run}hookfirst` },
        second: { serverUrl: postgresServer(), template: `it_second_${run}hooksecond` },
      },
    });
    expect(await databasesStartingWith(`it_first_${run}hookfirst_p_`)).toHaveLength(1);
    await teardown();
    expect(await databasesStartingWith(`it_first_${run}hookfirst`)).toEqual([`it_first_${run}hookfirst`]);
    expect(await databasesStartingWith(`it_second_${run}hooksecond`)).toEqual([`it_second_${run}hooksecond`]);
  });

  it('refuses a project whose setup starts no PostgreSQL, saying what to add', async () => {
    const { options } = templateOptions('nopostgres');

    await expect(postgresTemplate(options)({}, {} as TestProject)).rejects.toThrow(
      "postgresTemplate() needs 'postgres' in setupServers({ servers }).",
    );
  });
});
