import { isUniqueViolation } from '@repo/postgres-kit';
import { conflict } from '@repo/service-kit';
import { eq } from 'drizzle-orm';
import { users, type UserRow } from '../db/schema.js';
import type { Database } from '../plugins/db.js';

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
    async findById(id: string): Promise<UserRow | undefined> {
      const [user] = await db.select().from(users).where(eq(users.id, id));
      return user;
    },
  };
}
