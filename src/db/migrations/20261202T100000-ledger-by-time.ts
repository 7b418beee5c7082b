/**
 * An account's ledger by time: the Summary's balance-over-time chart asks for the balance just
 * before each of the last 30 midnights (ledger.repository.ts `balancesBefore`), one index seek each
 * however many rows the account has.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('ledger_account_created_idx')
    .on('ledger')
    .columns(['account_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('ledger_account_created_idx').execute();
}
