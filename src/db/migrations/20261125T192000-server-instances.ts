/**
 * The Quire servers running on this database: each `quire serve` upserts its row every 30 seconds
 * and deletes it when it stops cleanly, so Admin Console → Operations can list the servers seen
 * recently (a crashed server's row simply stops being refreshed).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('server_instances')
    // host:pid:random, as in sync leases.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('server_instances_last_seen_idx')
    .on('server_instances')
    .column('last_seen_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('server_instances').ifExists().execute();
}
