/**
 * Sync reports: one row per run (dry runs included), with its progress while it runs, a cancel
 * request flag that any server may set, and per-user detail lines as JSON when it ends.
 */
import type { Insertable, Kysely } from 'kysely';
import type { DB, SyncRunRow, SyncRunsTable } from '../db/schema.js';

/** The `(source_id, id)` index serves the per-source list. */
export interface SyncRunPageQuery {
  beforeId?: number;
  limit: number;
  sourceId?: number;
}

export function createSyncRunsRepository(db: Kysely<DB>) {
  return {
    async insert(row: Insertable<SyncRunsTable>): Promise<SyncRunRow> {
      return db.insertInto('sync_runs').values(row).returningAll().executeTakeFirstOrThrow();
    },
    async finish(id: number, patch: Partial<Omit<SyncRunRow, 'id'>>): Promise<void> {
      await db.updateTable('sync_runs').set(patch).where('id', '=', id).execute();
    },
    /** Removes a run that never started (another run held the source): no report of a run that was not. */
    async remove(id: number): Promise<void> {
      await db.deleteFrom('sync_runs').where('id', '=', id).execute();
    },
    async progress(id: number, phase: string, progress: number): Promise<void> {
      await db.updateTable('sync_runs').set({ phase, progress }).where('id', '=', id).execute();
    },
    async requestCancel(id: number): Promise<boolean> {
      const result = await db
        .updateTable('sync_runs')
        .set({ cancel_requested: 1 })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async isCancelRequested(id: number): Promise<boolean> {
      const row = await db
        .selectFrom('sync_runs')
        .select('cancel_requested')
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.cancel_requested === 1;
    },
    /** Runs of this source left 'running' by a server that stopped (its lease expired). */
    async markInterrupted(sourceId: number, exceptRunId: number, at: string): Promise<number[]> {
      const stale = await db
        .selectFrom('sync_runs')
        .select('id')
        .where('source_id', '=', sourceId)
        .where('status', '=', 'running')
        .where('id', '<>', exceptRunId)
        .execute();
      if (stale.length === 0) return [];
      const ids = stale.map((r) => r.id);
      await db
        .updateTable('sync_runs')
        .set({
          status: 'failed',
          finished_at: at,
          phase: '',
          message: 'Interrupted: the server running this synchronization stopped. Nothing was changed.',
        })
        .where('id', 'in', ids)
        .execute();
      return ids;
    },
    /** Keyset paging for the REST API, newest first: a page starts below the last id of the previous one. */
    async page(page: SyncRunPageQuery): Promise<{ rows: SyncRunRow[]; hasMore: boolean }> {
      let query = db.selectFrom('sync_runs').selectAll();
      if (page.sourceId !== undefined) query = query.where('source_id', '=', page.sourceId);
      if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
      const rows = await query
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute();
      return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
    },
    findById: (id: number) => db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst(),
    list: (sourceId?: number, limit = 20) => {
      let q = db.selectFrom('sync_runs').selectAll();
      if (sourceId !== undefined) q = q.where('source_id', '=', sourceId);
      return q.orderBy('id', 'desc').limit(limit).execute();
    },
    findRunning: (sourceId: number) =>
      db
        .selectFrom('sync_runs')
        .selectAll()
        .where('source_id', '=', sourceId)
        .where('status', '=', 'running')
        .orderBy('id', 'desc')
        .executeTakeFirst(),
  };
}

export type SyncRunsRepository = ReturnType<typeof createSyncRunsRepository>;
