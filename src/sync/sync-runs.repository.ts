/**
 * Sync reports: one row per run (dry runs included), with per-user detail lines as JSON.
 */
import type { Kysely } from 'kysely';
import type { DB, SyncRunRow } from '../db/schema.js';

export function createSyncRunsRepository(db: Kysely<DB>) {
  return {
    async insert(row: Omit<SyncRunRow, 'id'>): Promise<SyncRunRow> {
      return db.insertInto('sync_runs').values(row).returningAll().executeTakeFirstOrThrow();
    },
    async finish(id: number, patch: Partial<Omit<SyncRunRow, 'id'>>): Promise<void> {
      await db.updateTable('sync_runs').set(patch).where('id', '=', id).execute();
    },
    findById: (id: number) => db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst(),
    list: (sourceId?: number, limit = 20) => {
      let q = db.selectFrom('sync_runs').selectAll();
      if (sourceId !== undefined) q = q.where('source_id', '=', sourceId);
      return q.orderBy('id', 'desc').limit(limit).execute();
    },
  };
}

export type SyncRunsRepository = ReturnType<typeof createSyncRunsRepository>;
