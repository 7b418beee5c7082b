/**
 * The api_tokens table. Only the SHA-256 of each token's secret is stored; revoked tokens keep
 * their row so the list and the audit log can still name them.
 */
import type { Kysely } from 'kysely';
import type { ApiTokenRow, DB } from '../db/schema.js';

export function createApiTokensRepository(db: Kysely<DB>) {
  return {
    async insert(row: ApiTokenRow): Promise<void> {
      await db.insertInto('api_tokens').values(row).execute();
    },
    findById: (id: string) => db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst(),
    findByName: (name: string) =>
      db.selectFrom('api_tokens').selectAll().where('name', '=', name).executeTakeFirst(),
    /** Every token, revoked ones included, oldest first. */
    list: () => db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute(),
    /**
     * Records a use unless one was recorded since `notAfter`: several servers answering calls with
     * the same token write it once, not once each.
     */
    async touch(id: string, at: string, ip: string, notAfter: string): Promise<void> {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: at, last_used_ip: ip })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', notAfter)]))
        .execute();
    },
    /** Marks the token revoked; false when it already was. */
    async revoke(id: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type ApiTokensRepository = ReturnType<typeof createApiTokensRepository>;
