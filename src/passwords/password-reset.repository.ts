/**
 * Reset links and reset requests for "Forgot your password?". A link is stored only as the SHA-256
 * of its token; taking it deletes it in the same statement, so of two requests racing with one
 * link only one gets it.
 *
 *   await resets.replaceForUser(user.id, { tokenHash, createdAt, expiresAt });
 *   const userId = await resets.take(tokenHash, now); // undefined: unknown, used, replaced or expired
 */
import type { Kysely } from 'kysely';
import type { DB, UserRow } from '../db/schema.js';

export function createPasswordResetRepository(db: Kysely<DB>) {
  return {
    /** A new link replaces every older one of the user (a new request invalidates older links). */
    async replaceForUser(
      userId: number,
      link: { tokenHash: string; createdAt: string; expiresAt: string },
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
        await trx
          .insertInto('password_resets')
          .values({
            token_hash: link.tokenHash,
            user_id: userId,
            created_at: link.createdAt,
            expires_at: link.expiresAt,
          })
          .execute();
      });
    },

    /** The user id of a link still valid at `now`, without using it. */
    async peek(tokenHash: string, now: string): Promise<number | undefined> {
      const row = await db
        .selectFrom('password_resets')
        .select('user_id')
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row?.user_id;
    },

    /** Uses a link: deletes it and returns its user id when it was still valid at `now`. */
    async take(tokenHash: string, now: string): Promise<number | undefined> {
      const row = await db
        .deleteFrom('password_resets')
        .where('token_hash', '=', tokenHash)
        .returning(['user_id', 'expires_at'])
        .executeTakeFirst();
      return row && row.expires_at > now ? row.user_id : undefined;
    },

    async deleteForUser(userId: number): Promise<void> {
      await db.deleteFrom('password_resets').where('user_id', '=', userId).execute();
    },

    /** Internal users whose email is `emailKey` (lower-cased); more than one means the address is ambiguous. */
    internalUsersByEmail: (emailKey: string): Promise<UserRow[]> =>
      db
        .selectFrom('users')
        .selectAll()
        .where('email_key', '=', emailKey)
        .where('source_id', 'is', null)
        .limit(2)
        .execute(),

    /** Counts each key's requests since `since`, then records this one for every key. */
    async countAndRecord(keys: string[], since: string, now: string): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('password_reset_requests')
        .select(['key'])
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('key', 'in', keys)
        .where('at', '>', since)
        .groupBy('key')
        .execute();
      await db
        .insertInto('password_reset_requests')
        .values(keys.map((key) => ({ key, at: now })))
        .execute();
      return new Map(rows.map((row) => [row.key, Number(row.n)]));
    },

    /** Forgets requests and links older than `before` (both only matter for an hour). */
    async purge(before: string): Promise<void> {
      await db.deleteFrom('password_reset_requests').where('at', '<', before).execute();
      await db.deleteFrom('password_resets').where('expires_at', '<', before).execute();
    },
  };
}

export type PasswordResetRepository = ReturnType<typeof createPasswordResetRepository>;
