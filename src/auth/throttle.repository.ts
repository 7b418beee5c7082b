/**
 * Failed sign-in counters per address and per account, in the database so that every server
 * behind a load balancer sees the same counts.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface ThrottleState {
  failures: number;
  lastFailureAt: string;
  blockedUntil: string;
}

export function createThrottleRepository(db: Kysely<DB>) {
  return {
    async get(key: string): Promise<ThrottleState | undefined> {
      const row = await db.selectFrom('throttle').selectAll().where('key', '=', key).executeTakeFirst();
      return row && { failures: row.failures, lastFailureAt: row.last_failure_at, blockedUntil: row.blocked_until };
    },
    /** Several counters in one statement (sign-in reads the address's and the account's). */
    async getMany(keys: string[]): Promise<Map<string, ThrottleState>> {
      const rows = await db.selectFrom('throttle').selectAll().where('key', 'in', keys).execute();
      return new Map(rows.map((row) => [row.key, { failures: row.failures, lastFailureAt: row.last_failure_at, blockedUntil: row.blocked_until }]));
    },
    async put(key: string, state: ThrottleState): Promise<void> {
      const values = { failures: state.failures, last_failure_at: state.lastFailureAt, blocked_until: state.blockedUntil };
      await db
        .insertInto('throttle')
        .values({ key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet(values))
        .execute();
    },
    async clear(key: string): Promise<void> {
      await db.deleteFrom('throttle').where('key', '=', key).execute();
    },
  };
}

export type ThrottleRepository = ReturnType<typeof createThrottleRepository>;
