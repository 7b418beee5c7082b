/**
 * One synchronization per source at a time, across every server on one database: a run holds a
 * row in sync_leases until it ends; a holder that dies stops renewing, and its lease expires.
 *
 *   if (await leases.acquire(sourceId, holder, runId, now, expiresAt)) { … leases.release(sourceId, holder) }
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export function createSyncLeaseRepository(db: Kysely<DB>) {
  return {
    /** Takes the lease when nobody holds it or the holder's lease expired. Atomic on both databases. */
    async acquire(
      sourceId: number,
      holder: string,
      runId: number,
      now: string,
      expiresAt: string,
    ): Promise<boolean> {
      await db
        .insertInto('sync_leases')
        .values({ source_id: sourceId, holder, run_id: runId, expires_at: expiresAt })
        .onConflict((oc) =>
          oc
            .column('source_id')
            .doUpdateSet({ holder, run_id: runId, expires_at: expiresAt })
            .where(sql.ref('sync_leases.expires_at'), '<', now),
        )
        .execute();
      const row = await db
        .selectFrom('sync_leases')
        .select(['holder', 'run_id'])
        .where('source_id', '=', sourceId)
        .executeTakeFirst();
      return row?.holder === holder && row.run_id === runId;
    },
    /**
     * Extends the lease; false when it was lost (expired and taken by another server). Given the
     * apply transaction, it also fences it: the row stays locked until that transaction ends, so
     * no other server can take the lease while this one writes.
     */
    async renew(
      sourceId: number,
      holder: string,
      runId: number,
      expiresAt: string,
      executor: Kysely<DB> = db,
    ): Promise<boolean> {
      const result = await executor
        .updateTable('sync_leases')
        .set({ expires_at: expiresAt })
        .where('source_id', '=', sourceId)
        .where('holder', '=', holder)
        .where('run_id', '=', runId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async release(sourceId: number, holder: string, runId: number): Promise<void> {
      await db
        .deleteFrom('sync_leases')
        .where('source_id', '=', sourceId)
        .where('holder', '=', holder)
        .where('run_id', '=', runId)
        .execute();
    },
    find: (sourceId: number) =>
      db.selectFrom('sync_leases').selectAll().where('source_id', '=', sourceId).executeTakeFirst(),
  };
}

export type SyncLeaseRepository = ReturnType<typeof createSyncLeaseRepository>;
