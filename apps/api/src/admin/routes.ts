import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { forbidden, Problem } from '@repo/service-kit';
import { Type } from 'typebox';
import { principalOf, type Authenticate } from '../auth/authenticate.js';
import type { UsersRepository } from '../auth/users-repository.js';
import type { NotesRepository } from '../notes/notes-repository.js';

export interface AdminRoutesOptions {
  users: UsersRepository;
  notes: NotesRepository;
  authenticate: Authenticate;
}

/** Admin-only figures: the route that shows 403 (authenticated, but not allowed). */
export const adminRoutes: FastifyPluginAsyncTypebox<AdminRoutesOptions> = async function adminRoutes(
  app,
  { users, notes, authenticate },
) {
  app.get(
    '/admin/stats',
    {
      onRequest: authenticate,
      schema: {
        tags: ['admin'],
        response: { 200: Type.Object({ users: Type.Integer(), notes: Type.Integer() }), 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      const me = await users.findById(principalOf(request).userId);
      if (me?.role !== 'admin') throw forbidden('Only administrators may read the statistics.');
      const [userCount, noteCount] = await Promise.all([users.countAll(), notes.countAll()]);
      return { users: userCount, notes: noteCount };
    },
  );
};
