/**
 * Scheduled synchronizations due, one row per source and cron tick (`slot`, ISO), shared by every
 * server on the database: the first server whose tick fires creates the row (the others' inserts
 * do nothing), a run claims it while holding the source's lease, and it is `done` once a run for
 * it has ended. A pending slot whose source nobody holds a lease on was orphaned (its server died
 * or stopped): any server may run it.
 *
 *   if (await slots.create(sourceId, '2026-11-26T02:00:00.000Z', now)) { … run it … }
 *   for (const { source_id, slot } of await slots.orphaned(now, createdBefore)) { … }
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export function createSyncScheduleRepository(db: Kysely<DB>) {
  return {
    /** Records a tick; true when this call created it, false when another server's tick did. */
    async create(sourceId: number, slot: string, now: string): Promise<boolean> {
      const result = await db
        .insertInto('sync_schedule_slots')
        .values({
          source_id: sourceId,
          slot,
          status: 'pending',
          run_id: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['source_id', 'slot']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    /**
     * Gives a pending slot to a run. Called while the run holds the source's lease, so no other
     * run of the source is alive: false means the slot is already done.
     */
    async claim(sourceId: number, slot: string, runId: number, now: string): Promise<boolean> {
      const result = await db
        .updateTable('sync_schedule_slots')
        .set({ run_id: runId, updated_at: now })
        .where('source_id', '=', sourceId)
        .where('slot', '=', slot)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    /** Marks the slot done, and any earlier pending one of the source: one run brings it up to date. */
    async complete(sourceId: number, slot: string, now: string): Promise<void> {
      await db
        .updateTable('sync_schedule_slots')
        .set({ status: 'done', updated_at: now })
        .where('source_id', '=', sourceId)
        .where('slot', '<=', slot)
        .where('status', '=', 'pending')
        .execute();
    },
    /** Whether a live (unexpired) lease holds the source: a run of it is going on somewhere. */
    async isLeased(sourceId: number, now: string): Promise<boolean> {
      const row = await db
        .selectFrom('sync_leases')
        .select('source_id')
        .where('source_id', '=', sourceId)
        .where('expires_at', '>=', now)
        .executeTakeFirst();
      return row !== undefined;
    },
    /**
     * The latest pending slot of each source that no live lease holds, among slots created before
     * `createdBefore` (younger ones are being started by the server whose tick created them).
     */
    async orphaned(now: string, createdBefore: string): Promise<{ source_id: number; slot: string }[]> {
      return db
        .selectFrom('sync_schedule_slots as s')
        .leftJoin('sync_leases as l', 'l.source_id', 's.source_id')
        .select(['s.source_id', sql<string>`max(s.slot)`.as('slot')])
        .where('s.status', '=', 'pending')
        .where('s.created_at', '<', createdBefore)
        .where((eb) => eb.or([eb('l.source_id', 'is', null), eb('l.expires_at', '<', now)]))
        .groupBy('s.source_id')
        .orderBy('s.source_id')
        .execute();
    },
    /** Forgets done slots older than `before` (the runs themselves stay in sync_runs). */
    async purgeDone(before: string): Promise<void> {
      await db
        .deleteFrom('sync_schedule_slots')
        .where('status', '=', 'done')
        .where('slot', '<', before)
        .execute();
    },
    list: (sourceId: number) =>
      db
        .selectFrom('sync_schedule_slots')
        .selectAll()
        .where('source_id', '=', sourceId)
        .orderBy('slot')
        .execute(),
  };
}

export type SyncScheduleRepository = ReturnType<typeof createSyncScheduleRepository>;
