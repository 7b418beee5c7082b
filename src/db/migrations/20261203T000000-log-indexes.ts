/**
 * An index for the Admin Console's Transaction Log, which filters the ledger by who made a
 * change, newest first: (actor, id). Its other filters already have theirs (accounting
 * migration: the ledger by account and by time).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('ledger_actor_idx').on('ledger').columns(['actor', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('ledger_actor_idx').ifExists().execute();
}
