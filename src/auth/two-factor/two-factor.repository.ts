/**
 * The stored second factors: a user's authenticator-app secret, recovery code hashes, security
 * keys, and the WebAuthn challenge a session is answering. Accepting a code is one conditional
 * UPDATE, so two requests with the same code cannot both succeed.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { TwoFactorKeysTable } from '../../db/two-factor.schema.js';

export function createTwoFactorRepository(db: Kysely<DB>) {
  return {
    totpOf: (userId: number) =>
      db.selectFrom('two_factor_totp').selectAll().where('user_id', '=', userId).executeTakeFirst(),

    /** A new, unconfirmed secret (replacing an unconfirmed one; a confirmed one is never replaced). */
    async startTotp(userId: number, secret: string, now: string): Promise<void> {
      await db
        .deleteFrom('two_factor_totp')
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .execute();
      await db
        .insertInto('two_factor_totp')
        .values({ user_id: userId, secret, created_at: now, confirmed_at: null, last_step: null })
        .onConflict((c) => c.column('user_id').doNothing())
        .execute();
    },

    /**
     * Records `step` as used (and the secret as confirmed) unless that step or a later one was
     * already used. True when this call took the step.
     */
    async takeStep(userId: number, step: number, now: string): Promise<boolean> {
      const result = await db
        .updateTable('two_factor_totp')
        .set((eb) => ({ last_step: step, confirmed_at: eb.fn.coalesce('confirmed_at', eb.val(now)) }))
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Replaces the user's recovery codes with these hashes. */
    async replaceRecoveryCodes(userId: number, hashes: string[], now: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
        await trx
          .insertInto('two_factor_recovery_codes')
          .values(hashes.map((code_hash) => ({ code_hash, user_id: userId, created_at: now, used_at: null })))
          .execute();
      });
    },

    /** Marks the code used if it is the user's and unused. True when this call used it. */
    async useRecoveryCode(userId: number, hash: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable('two_factor_recovery_codes')
        .set({ used_at: now })
        .where('user_id', '=', userId)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async unusedRecoveryCodes(userId: number): Promise<number> {
      const row = await db
        .selectFrom('two_factor_recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** Whether the user has a confirmed authenticator app or a security key: one statement. */
    async hasSecondFactor(userId: number): Promise<boolean> {
      const app = sql`select 1 from two_factor_totp where user_id = ${userId} and confirmed_at is not null`;
      const key = sql`select 1 from two_factor_keys where user_id = ${userId}`;
      const { rows } = await sql<{ enrolled: number }>`
        select case when exists (${app}) or exists (${key}) then 1 else 0 end as enrolled`.execute(db);
      return rows[0]?.enrolled === 1;
    },

    keysOf: (userId: number) =>
      db
        .selectFrom('two_factor_keys')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),

    async addKey(row: Insertable<TwoFactorKeysTable>): Promise<void> {
      await db.insertInto('two_factor_keys').values(row).execute();
    },

    /** Stores the new signature counter, unless another sign-in stored a higher one meanwhile. */
    async useKey(id: string, counter: number, now: string): Promise<boolean> {
      let query = db.updateTable('two_factor_keys').set({ counter, last_used_at: now }).where('id', '=', id);
      // A key that keeps no counter (many passkeys) always says 0.
      if (counter !== 0) query = query.where('counter', '<', counter);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async removeKey(userId: number, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom('two_factor_keys')
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** Removes the authenticator app and the recovery codes; with `keys`, the security keys too. */
    async removeAll(userId: number, options: { keys: boolean }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('two_factor_totp').where('user_id', '=', userId).execute();
        await trx.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
        if (options.keys) await trx.deleteFrom('two_factor_keys').where('user_id', '=', userId).execute();
      });
    },

    async saveChallenge(sessionId: string, challenge: string, expiresAt: string): Promise<void> {
      await db.deleteFrom('two_factor_challenges').where('session_id', '=', sessionId).execute();
      await db
        .insertInto('two_factor_challenges')
        .values({ session_id: sessionId, challenge, expires_at: expiresAt })
        .execute();
    },

    /** The session's challenge, removed as it is read: each is answered at most once. */
    async takeChallenge(sessionId: string, now: string): Promise<string | undefined> {
      const row = await db
        .deleteFrom('two_factor_challenges')
        .where('session_id', '=', sessionId)
        .returning(['challenge', 'expires_at'])
        .executeTakeFirst();
      return row && row.expires_at > now ? row.challenge : undefined;
    },
  };
}

export type TwoFactorRepository = ReturnType<typeof createTwoFactorRepository>;
