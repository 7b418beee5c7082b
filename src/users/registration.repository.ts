/**
 * The registrations table: self-registrations waiting for their email link. Only this file
 * reads or writes it.
 */
import type { Insertable, Kysely } from 'kysely';
import type { DB, RegistrationRow, RegistrationsTable } from '../db/schema.js';

export function createRegistrationRepository(db: Kysely<DB>) {
  return {
    async insert(row: Insertable<RegistrationsTable>): Promise<void> {
      await db.insertInto('registrations').values(row).execute();
    },

    findByTokenHash: (tokenHash: string): Promise<RegistrationRow | undefined> =>
      db.selectFrom('registrations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),

    /**
     * Marks an unused registration used and returns it; undefined when it was used already. One
     * UPDATE … WHERE used_at IS NULL, so of two racing requests only one gets the row.
     */
    take: (tokenHash: string, now: string): Promise<RegistrationRow | undefined> =>
      db
        .updateTable('registrations')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .returningAll()
        .executeTakeFirst(),

    async delete(tokenHash: string): Promise<void> {
      await db.deleteFrom('registrations').where('token_hash', '=', tokenHash).execute();
    },

    /** Registrations from one address since a time (used or not), for the rate limit. */
    async countFromAddressSince(ip: string, since: string): Promise<number> {
      const row = await db
        .selectFrom('registrations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('ip', '=', ip)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async deleteExpiredBefore(at: string): Promise<void> {
      await db.deleteFrom('registrations').where('expires_at', '<', at).execute();
    },
  };
}

export type RegistrationRepository = ReturnType<typeof createRegistrationRepository>;
