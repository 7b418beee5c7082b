/**
 * Previewed batch-import uploads, kept so that the preview's Import button imports exactly the
 * file that was previewed without sending it again. In the database rather than the data
 * directory so that with several servers on one PostgreSQL the Import can reach any of them.
 * The file is split into parts of at most 1 MiB (base64 text, which both databases store alike),
 * so no row is large and the import reads it back one part at a time. Single use, bound to the
 * session that previewed it, expiring after 30 minutes; removed when used or expired.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('batch_import_previews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The session (public id) that previewed it: another session, even the same admin's, may not use it.
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('create_new_users', 'integer', (c) => c.notNull())
    .addColumn('overwrite_existing', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('batch_import_previews_expiry')
    .on('batch_import_previews')
    .column('expires_at')
    .execute();
  await db.schema
    .createTable('batch_import_preview_parts')
    .addColumn('preview_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('batch_import_preview_parts_pk', ['preview_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('batch_import_preview_parts').ifExists().execute();
  await db.schema.dropTable('batch_import_previews').ifExists().execute();
}
