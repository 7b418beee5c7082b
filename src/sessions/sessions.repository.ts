/**
 * The sessions table: one row per signed-in browser. Only the SHA-256 of a session's secret is
 * stored, so a copy of the database does not let anyone sign in.
 */
import type { Insertable, Kysely } from 'kysely';
import type { DB, SessionsTable } from '../db/schema.js';

export function createSessionsRepository(db: Kysely<DB>) {
  return {
    async insert(row: Insertable<SessionsTable>): Promise<void> {
      await db.insertInto('sessions').values(row).execute();
    },
    findById: (id: string) => db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst(),
    async touch(id: string, lastSeenAt: string): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
    },
    async delete(id: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    /** Ends every session of a user, except `keepId` when given. Returns how many ended. */
    async deleteForUser(userId: number, keepId?: string): Promise<number> {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (keepId) query = query.where('id', '!=', keepId);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteExpired(nowIso: string): Promise<number> {
      const result = await db.deleteFrom('sessions').where('expires_at', '<', nowIso).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    listForUser: (userId: number) =>
      db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('last_seen_at', 'desc')
        .execute(),
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
