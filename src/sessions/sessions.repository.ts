/**
 * The sessions table: one row per signed-in browser. Only the SHA-256 of a session's secret is
 * stored, so a copy of the database does not let anyone sign in.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, SessionsTable, UserRow } from '../db/schema.js';

/** The session's columns, as `findWithUser` names them beside the user's. */
const SESSION_COLUMNS = [
  'sessions.id as session_id',
  'sessions.user_id as session_user_id',
  'sessions.secret_hash as session_secret_hash',
  'sessions.csrf_token as session_csrf_token',
  'sessions.ip as session_ip',
  'sessions.user_agent as session_user_agent',
  'sessions.created_at as session_created_at',
  'sessions.last_seen_at as session_last_seen_at',
  'sessions.expires_at as session_expires_at',
  'sessions.area as session_area',
] as const;

export function createSessionsRepository(db: Kysely<DB>) {
  return {
    async insert(row: Insertable<SessionsTable>): Promise<void> {
      await db.insertInto('sessions').values(row).execute();
    },
    /**
     * A session and its user in one statement: every signed-in request reads both (a session
     * cannot outlive its user: the foreign key cascades).
     */
    async findWithUser(
      id: string,
    ): Promise<{ session: Selectable<SessionsTable>; user: UserRow } | undefined> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select(SESSION_COLUMNS)
        .where('sessions.id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      const {
        session_id,
        session_user_id,
        session_secret_hash,
        session_csrf_token,
        session_ip,
        session_user_agent,
        session_created_at,
        session_last_seen_at,
        session_expires_at,
        session_area,
        ...user
      } = row;
      const session = {
        id: session_id,
        user_id: session_user_id,
        secret_hash: session_secret_hash,
        csrf_token: session_csrf_token,
        ip: session_ip,
        user_agent: session_user_agent,
        created_at: session_created_at,
        last_seen_at: session_last_seen_at,
        expires_at: session_expires_at,
        area: session_area,
      };
      return { session, user };
    },
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
