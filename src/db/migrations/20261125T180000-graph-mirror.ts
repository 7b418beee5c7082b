/**
 * The local mirror of a Microsoft Graph (Entra ID) source, for delta queries: per source and kind
 * (users, groups) the last full picture of the directory as raw Graph objects keyed by id, and the
 * deltaLink that continues from it. A run stages what it reads in `directory_mirror_stage` (keyed
 * by a random stage id) and folds it into the mirror in one transaction once the last page is read.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('directory_mirror')
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('directory_mirror_pk', ['source_id', 'kind', 'object_id'])
    .execute();
  await db.schema
    .createTable('directory_delta')
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('delta_link', 'text', (c) => c.notNull())
    // What the link belongs to (Graph URL and tenant): a link of another tenant is never followed.
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('directory_delta_pk', ['source_id', 'kind'])
    .execute();
  await db.schema
    .createTable('directory_mirror_stage')
    .addColumn('stage_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    // null: removed in this round.
    .addColumn('data', 'text')
    .addPrimaryKeyConstraint('directory_mirror_stage_pk', ['stage_id', 'object_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['directory_mirror_stage', 'directory_delta', 'directory_mirror'])
    await db.schema.dropTable(table).execute();
}
