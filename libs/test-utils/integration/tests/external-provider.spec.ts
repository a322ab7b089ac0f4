import { portAnswers, startPostgres, startRedis } from '@realdeps/provisioning';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

describe('the external provider', () => {
  it('uses IT_POSTGRES_URL as given and leaves that server running on stop', async () => {
    const shared = inject('servers').postgres!;
    const logged: string[] = [];

    const server = await startPostgres({ env: { IT_POSTGRES_URL: shared.url }, log: (line) => logged.push(line) });
    const client = new pg.Client({ connectionString: server.info.url });
    await client.connect();
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    await client.end();
    await server.stop();

    expect(server.info).toMatchObject({ provider: 'external', port: shared.port, url: shared.url });
    expect(rows).toEqual([{ one: 1 }]);
    expect(logged).toEqual(['[provisioning] postgres: external, because IT_POSTGRES_URL is set']);
    expect(await portAnswers(shared.port)).toBe(true);
  });

  it('refuses IT_PROVIDER=external without a URL instead of starting something else', async () => {
    await expect(startRedis({ env: { IT_PROVIDER: 'external' }, log: () => undefined })).rejects.toThrow(
      "IT_PROVIDER=external but IT_REDIS_URL is not set: set it to the redis server's URL.",
    );
  });
});
