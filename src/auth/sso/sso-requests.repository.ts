/**
 * The sso_requests table: sign-ins on their way through an identity provider. Taking a row
 * deletes it in the same statement (DELETE … RETURNING, on both databases), so of two answers
 * racing with one state — a replayed callback, on this server or another — only one finds it.
 *
 *   await requests.insert({ id: sha256(state), provider_id, browser, … });
 *   const row = await requests.take(sha256(state)); // undefined: unknown or already taken
 */
import type { Kysely } from 'kysely';
import type { DB, SsoRequestRow } from '../../db/schema.js';

export function createSsoRequestsRepository(db: Kysely<DB>) {
  return {
    async insert(row: SsoRequestRow): Promise<void> {
      await db.insertInto('sso_requests').values(row).execute();
    },
    /** Reads the row without taking it (SAML checks the browser binding before taking its request). */
    find: (id: string): Promise<SsoRequestRow | undefined> =>
      db.selectFrom('sso_requests').selectAll().where('id', '=', id).executeTakeFirst(),
    /** Deletes and returns the row (expired or not: the caller says which it is). */
    take: (id: string): Promise<SsoRequestRow | undefined> =>
      db.deleteFrom('sso_requests').where('id', '=', id).returningAll().executeTakeFirst(),
    /** Forgets requests that expired before `now` (a browser that never came back). */
    async purgeExpired(now: string): Promise<void> {
      await db.deleteFrom('sso_requests').where('expires_at', '<', now).execute();
    },
  };
}

export type SsoRequestsRepository = ReturnType<typeof createSsoRequestsRepository>;
