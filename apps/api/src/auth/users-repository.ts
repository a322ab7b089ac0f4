import { isUniqueViolation } from '@repo/postgres-kit';
import { conflict } from '@repo/service-kit';
import { count, eq } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { notes, outbox, refreshTokens, users, type UserRow } from '../db/schema.js';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function createUsersRepository(db: Database) {
  return {
    async create(email: string, passwordHash: string): Promise<UserRow> {
      try {
        const [user] = await db
          .insert(users)
          .values({ email: normaliseEmail(email), passwordHash })
          .returning();
        return user!;
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_unique'))
          throw conflict('An account with this email already exists.');
        throw error;
      }
    },
    async findByEmail(email: string): Promise<UserRow | undefined> {
      const [user] = await db
        .select()
        .from(users)
        .where(eq(users.email, normaliseEmail(email)));
      return user;
    },
    /**
     * Deletes the account and everything it owns in one transaction: its notes (each announced
     * in the outbox as deleted, so the relay removes them and their tags from the graph) and,
     * by cascade, its refresh tokens and idempotency keys. Returns the ids of the sessions it
     * had, for the caller to end in Redis, or undefined when there was no such account.
     */
    deleteAccount: (id: string): Promise<string[] | undefined> =>
      db.transaction(async (tx) => {
        const sessions = await tx
          .selectDistinct({ sessionId: refreshTokens.sessionId })
          .from(refreshTokens)
          .where(eq(refreshTokens.userId, id));
        const removed = await tx
          .delete(notes)
          .where(eq(notes.ownerId, id))
          .returning({ id: notes.id, ownerId: notes.ownerId, tags: notes.tags });
        if (removed.length > 0)
          await tx.insert(outbox).values(
            removed.map((note) => ({
              noteId: note.id,
              ownerId: note.ownerId,
              change: 'deleted' as const,
              tags: [...new Set(note.tags)],
            })),
          );
        const [user] = await tx.delete(users).where(eq(users.id, id)).returning({ id: users.id });
        return user ? sessions.map((session) => session.sessionId) : undefined;
      }),
    async findById(id: string): Promise<UserRow | undefined> {
      const [user] = await db.select().from(users).where(eq(users.id, id));
      return user;
    },
    /** How many accounts there are (the admin figures). */
    async countAll(): Promise<number> {
      const [row] = await db.select({ value: count() }).from(users);
      return row?.value ?? 0;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
