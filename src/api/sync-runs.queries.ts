/**
 * Keyset paging of sync reports for the REST API, newest first: a page starts below the last id
 * of the previous one (the `(source_id, id)` index serves the per-source list). The sync service's
 * listRuns shows only the latest few, for pages.
 *
 *   const { rows, hasMore } = await pageSyncRuns(db, { beforeId: 120, limit: 50, sourceId: 2 });
 */
import type { Kysely } from 'kysely';
import type { DB, SyncRunRow } from '../db/schema.js';

export async function pageSyncRuns(
  db: Kysely<DB>,
  page: { beforeId?: number; limit: number; sourceId?: number },
): Promise<{ rows: SyncRunRow[]; hasMore: boolean }> {
  let query = db.selectFrom('sync_runs').selectAll();
  if (page.sourceId !== undefined) query = query.where('source_id', '=', page.sourceId);
  if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
