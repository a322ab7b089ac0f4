import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { refreshTokens, type RefreshTokenRow } from '../db/schema.js';

export type RotationResult =
  | { outcome: 'rotated'; token: RefreshTokenRow }
  | { outcome: 'reused'; token: RefreshTokenRow }
  /** Used by another request a moment ago (two tabs refreshing at once): not treated as theft. */
  | { outcome: 'raced' }
  | { outcome: 'invalid' };

export function createRefreshTokensRepository(db: Database, options: { reuseGraceSeconds: number }) {
  return {
    async issue(values: {
      userId: string;
      familyId: string;
      sessionId: string;
      tokenHash: string;
      ttlSeconds: number;
    }) {
      await db.insert(refreshTokens).values({
        userId: values.userId,
        familyId: values.familyId,
        sessionId: values.sessionId,
        tokenHash: values.tokenHash,
        expiresAt: sql`now() + make_interval(secs => ${values.ttlSeconds})`,
      });
    },

    /**
     * Marks the token used in one atomic UPDATE, so two concurrent refreshes with the same
     * token cannot both succeed. A token that was already used is reported as reuse, unless
     * it was used within the grace window: then as a race.
     */
    async use(tokenHash: string): Promise<RotationResult> {
      const [rotated] = await db
        .update(refreshTokens)
        .set({ usedAt: sql`now()` })
        .where(
          and(
            eq(refreshTokens.tokenHash, tokenHash),
            isNull(refreshTokens.usedAt),
            isNull(refreshTokens.revokedAt),
            gt(refreshTokens.expiresAt, sql`now()`),
          ),
        )
        .returning();
      if (rotated) return { outcome: 'rotated', token: rotated };
      const [existing] = await db
        .select({
          token: refreshTokens,
          raced: sql<boolean>`${refreshTokens.usedAt} > now() - make_interval(secs => ${options.reuseGraceSeconds})`,
        })
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, tokenHash));
      if (existing?.token.usedAt && !existing.token.revokedAt)
        return existing.raced ? { outcome: 'raced' } : { outcome: 'reused', token: existing.token };
      return { outcome: 'invalid' };
    },

    async revokeFamily(familyId: string): Promise<void> {
      await db
        .update(refreshTokens)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
    },

    async revokeSession(sessionId: string): Promise<void> {
      await db
        .update(refreshTokens)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(refreshTokens.sessionId, sessionId), isNull(refreshTokens.revokedAt)));
    },
  };
}

export type RefreshTokensRepository = ReturnType<typeof createRefreshTokensRepository>;
