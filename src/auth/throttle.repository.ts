/**
 * Failed sign-in counters per address and per account, in the database so that every server
 * behind a load balancer sees the same counts.
 *
 * Counting is one statement per key (`count`), and callers decide on the count it returns, never on
 * a value read earlier: forty parallel wrong passwords must not all read "4 failures, go ahead".
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface ThrottleState {
  failures: number;
  lastFailureAt: string;
  blockedUntil: string;
}

/** How a counted attempt blocks the key, worked out by the service for the current time. */
export interface CountSchedule {
  now: string;
  /** A counter whose last attempt is older than this starts again at 1. */
  staleBefore: string;
  /**
   * `blocked_until` once the count reaches `from`, ascending by `from` (the delay only grows with
   * the count); below the first step the key keeps the block it had (NOT_BLOCKED for a new key).
   */
  steps: { from: number; until: string }[];
}

/**
 * `blocked_until` of a key that never blocked. Not the attempt's own time: a caller whose clock read
 * a millisecond earlier would find that "later than now" and be refused.
 */
export const NOT_BLOCKED = new Date(0).toISOString();

/** What a counted attempt left in the row: the count it made and the block it set. */
export interface Counted {
  failures: number;
  blockedUntil: string;
}

export function createThrottleRepository(db: Kysely<DB>) {
  return {
    async get(key: string): Promise<ThrottleState | undefined> {
      const row = await db.selectFrom('throttle').selectAll().where('key', '=', key).executeTakeFirst();
      return (
        row && { failures: row.failures, lastFailureAt: row.last_failure_at, blockedUntil: row.blocked_until }
      );
    },
    async put(key: string, state: ThrottleState): Promise<void> {
      const values = {
        failures: state.failures,
        last_failure_at: state.lastFailureAt,
        blocked_until: state.blockedUntil,
      };
      await db
        .insertInto('throttle')
        .values({ key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet(values))
        .execute();
    },

    /**
     * Adds one attempt to `key` and sets its block from the new count, in one statement (an
     * upsert: the row lock on PostgreSQL, the write lock on SQLite, orders concurrent callers).
     * With `unlessBlocked`, a key still blocked is left as it was and null comes back.
     */
    async count(
      key: string,
      schedule: CountSchedule,
      options: { unlessBlocked: boolean },
    ): Promise<Counted | null> {
      // A stale counter starts again at 1, inside the same upsert. A key still blocked is never
      // stale: a lockout longer than the reset period lasts as configured.
      const stale = sql<boolean>`throttle.last_failure_at < ${schedule.staleBefore} and throttle.blocked_until <= ${schedule.now}`;
      const untilFor = (count: number) =>
        [...schedule.steps].reverse().find((step) => count >= step.from)?.until ?? NOT_BLOCKED;
      // blocked_until for the new count: a CASE over the steps, highest first.
      let blockedUntil = sql<string>`throttle.blocked_until`;
      for (const step of schedule.steps)
        blockedUntil = sql<string>`case when throttle.failures + 1 >= ${step.from} then ${step.until} else ${blockedUntil} end`;
      const row = await db
        .insertInto('throttle')
        .values({ key, failures: 1, last_failure_at: schedule.now, blocked_until: untilFor(1) })
        .onConflict((oc) => {
          const update = oc.column('key').doUpdateSet({
            failures: sql<number>`case when ${stale} then 1 else throttle.failures + 1 end`,
            last_failure_at: schedule.now,
            blocked_until: sql<string>`case when ${stale} then ${untilFor(1)} else ${blockedUntil} end`,
          });
          return options.unlessBlocked
            ? update.where(sql<boolean>`throttle.blocked_until <= ${schedule.now}`)
            : update;
        })
        .returning(['failures', 'blocked_until'])
        .executeTakeFirst();
      return row ? { failures: row.failures, blockedUntil: row.blocked_until } : null;
    },

    /**
     * Takes back one counted attempt that turned out not to be a failure. The block it set is
     * lifted only while nobody has counted since (the count and block are still its own); it was
     * allowed, so the key was not blocked before it.
     */
    async uncount(key: string, counted: Counted): Promise<void> {
      await db
        .updateTable('throttle')
        .set({
          failures: sql<number>`failures - 1`,
          blocked_until: sql<string>`case when failures = ${counted.failures} and blocked_until = ${counted.blockedUntil} then ${NOT_BLOCKED} else blocked_until end`,
        })
        .where('key', '=', key)
        .where('failures', '>', 0)
        .execute();
    },

    async clear(key: string): Promise<void> {
      await db.deleteFrom('throttle').where('key', '=', key).execute();
    },
  };
}

export type ThrottleRepository = ReturnType<typeof createThrottleRepository>;
