/**
 * Indexes for the Admin Console's Transaction Log and Dashboard. The Transaction Log filters the
 * ledger by who made a change, newest first: (actor, id). The Dashboard lists the latest denied
 * jobs: a partial index of denied jobs by id, without which finding ten rare denials reads the
 * whole job log backwards. It is partial on purpose: an index on status alone would tempt SQLite
 * (which keeps no statistics) to read every printed job for "printed since Monday" instead of
 * the range of jobs_created_idx. The other filters already have theirs (accounting migration:
 * ledger by account and by time, jobs by user, printer, account and time).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('ledger_actor_idx').on('ledger').columns(['actor', 'id']).execute();
  await db.schema
    .createIndex('jobs_denied_idx')
    .on('jobs')
    .column('id')
    .where(sql.ref('status'), '=', 'denied')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_denied_idx').ifExists().execute();
  await db.schema.dropIndex('ledger_actor_idx').ifExists().execute();
}
