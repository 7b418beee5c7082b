/**
 * Directory sync for LDAP and beyond: per-source sync options (missing-user policy, removal
 * threshold, schedule, priority), users disabled by a sync (so a sync can enable them again),
 * richer run reports with progress and cancellation, a lease so one run per source happens at a
 * time across every server on one database, and staging tables that a run streams the directory
 * into before diffing in SQL (so memory does not grow with the directory).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const addColumns = async (table: string, columns: [string, 'text' | 'integer', unknown][]) => {
    for (const [name, type, defaultValue] of columns) {
      await db.schema
        .alterTable(table)
        .addColumn(name, type, (c) => (defaultValue === null ? c : c.notNull().defaultTo(defaultValue)))
        .execute();
    }
  };
  await addColumns('sources', [
    ['priority', 'integer', 1],
    ['missing_policy', 'text', 'disable'],
    ['max_removals', 'integer', 500],
    ['max_removals_percent', 'integer', 10],
    ['schedule', 'text', '0 2 * * *'],
    ['import_disabled', 'integer', 0],
    ['import_groups', 'text', ''],
    ['updated_at', 'text', ''],
  ]);
  await addColumns('users', [
    ['sync_disabled', 'integer', 0],
    ['missing_since', 'text', null],
  ]);
  await addColumns('sync_runs', [
    ['renamed', 'integer', 0],
    ['disabled', 'integer', 0],
    ['deleted', 'integer', 0],
    ['conflicts', 'integer', 0],
    ['missing', 'integer', 0],
    ['groups', 'integer', 0],
    ['phase', 'text', ''],
    ['progress', 'integer', 0],
    ['cancel_requested', 'integer', 0],
    ['threshold_exceeded', 'integer', 0],
    ['override_threshold', 'integer', 0],
    ['actor', 'text', ''],
  ]);

  await db.schema
    .createTable('sync_leases')
    .addColumn('source_id', 'integer', (c) => c.primaryKey().references('sources.id').onDelete('cascade'))
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // Staging: one run's rows are keyed by its run id and removed when the run ends.
  await db.schema
    .createTable('sync_stage_users')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('ref_key', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('full_name_key', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('office', 'text', (c) => c.notNull())
    .addColumn('card_number', 'text', (c) => c.notNull())
    .addColumn('card_number2', 'text', (c) => c.notNull())
    .addColumn('dir_disabled', 'integer', (c) => c.notNull())
    // ok | problem | excluded | conflict
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sync_stage_users_external_idx')
    .on('sync_stage_users')
    .columns(['run_id', 'external_id'])
    .execute();
  await db.schema
    .createIndex('sync_stage_users_username_idx')
    .on('sync_stage_users')
    .columns(['run_id', 'username'])
    .execute();
  await db.schema
    .createIndex('sync_stage_users_ref_idx')
    .on('sync_stage_users')
    .columns(['run_id', 'ref_key'])
    .execute();

  await db.schema
    .createTable('sync_stage_groups')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('ref_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sync_stage_groups_ref_idx')
    .on('sync_stage_groups')
    .columns(['run_id', 'ref_key'])
    .execute();
  await db.schema
    .createIndex('sync_stage_groups_name_idx')
    .on('sync_stage_groups')
    .columns(['run_id', 'name'])
    .execute();

  await db.schema
    .createTable('sync_stage_members')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('group_ref', 'text', (c) => c.notNull())
    .addColumn('member_ref', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sync_stage_members_group_idx')
    .on('sync_stage_members')
    .columns(['run_id', 'group_ref'])
    .execute();
  await db.schema
    .createIndex('sync_stage_members_member_idx')
    .on('sync_stage_members')
    .columns(['run_id', 'member_ref'])
    .execute();

  // Resolved memberships (nesting flattened): group ref → user external id.
  await db.schema
    .createTable('sync_stage_memberships')
    .addColumn('run_id', 'integer', (c) => c.notNull())
    .addColumn('group_ref', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sync_stage_memberships_idx')
    .on('sync_stage_memberships')
    .columns(['run_id', 'group_ref', 'external_id'])
    .execute();
  await db.schema
    .createIndex('sync_stage_memberships_user_idx')
    .on('sync_stage_memberships')
    .columns(['run_id', 'external_id', 'group_ref'])
    .execute();

  // Staging rows live for one run: on PostgreSQL they need no write-ahead log (UNLOGGED: several
  // times faster to fill and empty; emptied after a crash, which is what a dead run needs anyway).
  // SQLite keeps its staging in the connection's temp schema instead (sync-stage.repository.ts).
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const table of [
      'sync_stage_users',
      'sync_stage_groups',
      'sync_stage_members',
      'sync_stage_memberships',
    ]) {
      await sql`alter table ${sql.table(table)} set unlogged`.execute(db);
    }
  }
  await db.schema
    .createIndex('users_missing_idx')
    .on('users')
    .columns(['source_id', 'missing_since'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'sync_stage_memberships',
    'sync_stage_members',
    'sync_stage_groups',
    'sync_stage_users',
    'sync_leases',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
