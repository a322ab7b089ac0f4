import { forbidden, Problem } from '@repo/service-kit';
import { count } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createUsersRepository } from '../auth/users-repository.js';
import { notes, users } from '../db/schema.js';
import { principalOf } from '../plugins/authenticate.js';

/** Admin-only figures: the route that shows 403 (authenticated, but not allowed). */
export async function adminRoutes(app: FastifyInstance) {
  const accounts = createUsersRepository(app.db);
  app.get(
    '/admin/stats',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['admin'],
        response: { 200: Type.Object({ users: Type.Integer(), notes: Type.Integer() }), 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      const me = await accounts.findById(principalOf(request).userId);
      if (me?.role !== 'admin') throw forbidden('Only administrators may read the statistics.');
      const [[userCount], [noteCount]] = await Promise.all([
        app.db.select({ value: count() }).from(users),
        app.db.select({ value: count() }).from(notes),
      ]);
      return { users: userCount?.value ?? 0, notes: noteCount?.value ?? 0 };
    },
  );
}
