import { startServiceProcess } from '@realdeps/http-testing';
import { useIsolatedDatabase } from '@realdeps/isolation/vitest';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const database = await useIsolatedDatabase();

describe('the api process', () => {
  it('on SIGTERM stops taking requests, closes its clients and exits 0', async () => {
    const api = await startServiceProcess({
      entry: fileURLToPath(new URL('../../api/src/main.ts', import.meta.url)),
      env: {
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'info',
        DATABASE_URL: database.url,
        REDIS_URL: inject('servers').redis!.url,
        JWT_SECRET: 'process-lifecycle-secret-of-at-least-32-chars',
      },
    });
    const live = await fetch(`http://127.0.0.1:${api.port}/health/live`);

    const code = await api.stop('SIGTERM');

    expect(live.status).toBe(200);
    expect(code).toBe(0);
    expect(api.logs).toContainEqual(expect.objectContaining({ msg: 'shutting down', signal: 'SIGTERM' }));
    await expect(fetch(`http://127.0.0.1:${api.port}/health/live`)).rejects.toThrow();
  });
});
