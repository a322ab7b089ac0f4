const Fastify = require('fastify');
const { Pool } = require('pg');
const { drizzle } = require('drizzle-orm/node-postgres');
const { sql } = require('drizzle-orm');
const config = require('./config');

const pool = new Pool({ connectionString: config.databaseUrl });
const db = drizzle({ client: pool });
const app = Fastify({ logger: { level: config.logLevel } });
app.addHook('onClose', () => pool.end());
app.get('/invoices', async () => (await db.execute(sql`SELECT id, amount FROM invoices ORDER BY id`)).rows);
app.post('/invoices', async (request, reply) => {
  const { rows } = await db.execute(
    sql`INSERT INTO invoices (amount) VALUES (${request.body.amount}) RETURNING id, amount`,
  );
  return reply.code(201).send(rows[0]);
});
module.exports = { app };
if (require.main === module) app.listen({ port: 3000 });
