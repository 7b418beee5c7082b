/**
 * Previous password hashes of internal users, newest first, for the "remember previous passwords"
 * option. Only argon2id hashes are kept, and only while the option is on.
 *
 *   await history.add(user.id, oldHash, now);
 *   await history.keepNewest(user.id, 4);
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export function createPasswordHistoryRepository(db: Kysely<DB>) {
  return {
    async newest(userId: number, limit: number): Promise<string[]> {
      if (limit <= 0) return [];
      const rows = await db
        .selectFrom('password_history')
        .select('password_hash')
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => row.password_hash);
    },

    async add(userId: number, passwordHash: string, at: string): Promise<void> {
      await db
        .insertInto('password_history')
        .values({ user_id: userId, password_hash: passwordHash, created_at: at })
        .execute();
    },

    /** Deletes all but the user's `keep` newest entries (0: all of them). */
    async keepNewest(userId: number, keep: number): Promise<void> {
      const kept = db
        .selectFrom('password_history')
        .select('id')
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .limit(keep);
      await db
        .deleteFrom('password_history')
        .where('user_id', '=', userId)
        .$if(keep > 0, (q) => q.where('id', 'not in', kept))
        .execute();
    },
  };
}

export type PasswordHistoryRepository = ReturnType<typeof createPasswordHistoryRepository>;
