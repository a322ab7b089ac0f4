import Fastify from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';

export function parseConfig(input) {
  if (!input.databaseUrl || !input.redisUrl) throw new Error('databaseUrl and redisUrl are required');
  return input;
}

export async function buildApp(config) {
  const app = Fastify();
  const pool = new pg.Pool({ connectionString: config.databaseUrl });
  const redis = new Redis(config.redisUrl);
  app.addHook('onClose', async () => {
    redis.disconnect();
    await pool.end();
  });
  app.post('/visits/:page', async (request) => {
    const total = await redis.incr(`visits:${request.params.page}`);
    await pool.query('INSERT INTO visits VALUES ($1, $2) ON CONFLICT (page) DO UPDATE SET total = $2', [
      request.params.page,
      total,
    ]);
    return { page: request.params.page, total };
  });
  app.get('/visits', async () => (await pool.query('SELECT page, total FROM visits ORDER BY page')).rows);
  return app;
}
