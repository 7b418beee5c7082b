/**
 * Scheduled synchronizations that survive their server: one `sync_schedule_slots` row per source
 * and cron tick, created by whichever server's tick fires first (the unique key makes that
 * idempotent). It stays `pending` until a run for it has finished, so when the server running it
 * dies, another server finds the pending slot with an expired lease and runs it.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const table = db.schema.createTable('sync_schedule_slots');
  await (
    db.getExecutor().adapter instanceof PostgresAdapter
      ? table.addColumn('id', 'serial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  )
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    // The cron tick this run is for, as an ISO timestamp: the same string on every server.
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    // The last run started for it (a dead server's run, until another server takes the slot over).
    .addColumn('run_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sync_schedule_slots_source_slot', ['source_id', 'slot'])
    .execute();
  await db.schema
    .createIndex('sync_schedule_slots_status')
    .on('sync_schedule_slots')
    .columns(['status', 'source_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sync_schedule_slots').ifExists().execute();
}
