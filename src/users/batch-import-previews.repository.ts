/**
 * The batch_import_previews and batch_import_preview_parts tables: a previewed upload kept until
 * its Import uses it (see batch-import-previews.service.ts).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface PreviewRow {
  id: string;
  session_id: string;
  created_by: string;
  format: string;
  create_new_users: number;
  overwrite_existing: number;
  bytes: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export function createBatchImportPreviewsRepository(db: Kysely<DB>) {
  /** Removes previews and their parts: expired ones, and any that `also` selects. */
  async function removeWhere(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('batch_import_preview_parts').where('preview_id', 'in', ids).execute();
      await trx.deleteFrom('batch_import_previews').where('id', 'in', ids).execute();
    });
  }

  return {
    /** The preview and all its parts, in one transaction: a half-stored upload is never seen. */
    async insert(row: PreviewRow, parts: AsyncIterable<string>): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('batch_import_previews').values(row).execute();
        let seq = 0;
        for await (const data of parts)
          await trx
            .insertInto('batch_import_preview_parts')
            .values({ preview_id: row.id, seq: seq++, data })
            .execute();
      });
    },

    find: (id: string) =>
      db.selectFrom('batch_import_previews').selectAll().where('id', '=', id).executeTakeFirst(),

    /** One part's base64 text, or undefined after the last. */
    async part(id: string, seq: number): Promise<string | undefined> {
      const row = await db
        .selectFrom('batch_import_preview_parts')
        .select('data')
        .where('preview_id', '=', id)
        .where('seq', '=', seq)
        .executeTakeFirst();
      return row?.data;
    },

    /**
     * Marks the preview used if it is this session's, unused and not expired: true when this call
     * took it. One conditional UPDATE, so two Imports of one preview (two tabs, two servers) cannot
     * both take it.
     */
    async claim(id: string, sessionId: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable('batch_import_previews')
        .set({ used_at: now })
        .where('id', '=', id)
        .where('session_id', '=', sessionId)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Gives a claimed preview back after an import that failed before it changed anything. */
    async release(id: string): Promise<void> {
      await db.updateTable('batch_import_previews').set({ used_at: null }).where('id', '=', id).execute();
    },

    /** Drops a used preview's file, keeping its row so a second Import can be told it was used. */
    async dropParts(id: string): Promise<void> {
      await db.deleteFrom('batch_import_preview_parts').where('preview_id', '=', id).execute();
    },

    /**
     * Removes what no Import may use any more: previews expired for a day (their rows said
     * "expired" until then), the parts of every expired preview, and the session's earlier
     * unused previews (a session has one pending preview: what its last Preview showed).
     */
    async prune(now: string, dayAgo: string, sessionId: string): Promise<void> {
      const stale = await db
        .selectFrom('batch_import_previews')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('expires_at', '<=', dayAgo),
            eb.and([eb('session_id', '=', sessionId), eb('used_at', 'is', null)]),
          ]),
        )
        .execute();
      await removeWhere(stale.map((r) => r.id));
      const expired = db.selectFrom('batch_import_previews').select('id').where('expires_at', '<=', now);
      await db.deleteFrom('batch_import_preview_parts').where('preview_id', 'in', expired).execute();
    },
  };
}

export type BatchImportPreviewsRepository = ReturnType<typeof createBatchImportPreviewsRepository>;
