/**
 * Pending email changes of internal users: one per user, stored as the SHA-256 of the emailed
 * token. Taking one deletes it, so a link works once.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface PendingEmailChange {
  userId: number;
  newEmail: string;
  expiresAt: string;
}

export function createEmailChangeRepository(db: Kysely<DB>) {
  return {
    /** A new request replaces the user's older one, whose link stops working. */
    async replaceForUser(
      userId: number,
      change: { tokenHash: string; newEmail: string; createdAt: string; expiresAt: string },
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('email_changes').where('user_id', '=', userId).execute();
        await trx
          .insertInto('email_changes')
          .values({
            token_hash: change.tokenHash,
            user_id: userId,
            new_email: change.newEmail,
            created_at: change.createdAt,
            expires_at: change.expiresAt,
          })
          .execute();
      });
    },

    /** The change a link stands for, while it is valid at `now`. */
    async peek(tokenHash: string, now: string): Promise<PendingEmailChange | undefined> {
      const row = await db
        .selectFrom('email_changes')
        .select(['user_id', 'new_email', 'expires_at'])
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row && { userId: row.user_id, newEmail: row.new_email, expiresAt: row.expires_at };
    },

    /** The user's pending change, for Change Details. */
    async pendingFor(userId: number, now: string): Promise<PendingEmailChange | undefined> {
      const row = await db
        .selectFrom('email_changes')
        .select(['user_id', 'new_email', 'expires_at'])
        .where('user_id', '=', userId)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row && { userId: row.user_id, newEmail: row.new_email, expiresAt: row.expires_at };
    },

    /** Uses a link: deletes it and returns the change when it was still valid at `now`. */
    async take(tokenHash: string, now: string): Promise<PendingEmailChange | undefined> {
      const row = await db
        .deleteFrom('email_changes')
        .where('token_hash', '=', tokenHash)
        .returning(['user_id', 'new_email', 'expires_at'])
        .executeTakeFirst();
      return row && row.expires_at > now
        ? { userId: row.user_id, newEmail: row.new_email, expiresAt: row.expires_at }
        : undefined;
    },

    async cancelForUser(userId: number): Promise<void> {
      await db.deleteFrom('email_changes').where('user_id', '=', userId).execute();
    },

    async purge(before: string): Promise<void> {
      await db.deleteFrom('email_changes').where('expires_at', '<', before).execute();
    },
  };
}

export type EmailChangeRepository = ReturnType<typeof createEmailChangeRepository>;
