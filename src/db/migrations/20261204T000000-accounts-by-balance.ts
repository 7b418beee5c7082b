/**
 * Personal accounts by balance, for the Admin Console's Users list sorted by balance
 * (users/users-list.repository.ts `searchByBalance`): a page is a walk of this index, each user
 * read by id, instead of a join and sort of every user. The user id breaks ties, so equal balances
 * (often most users: everyone starts at zero or at the same initial credit) need no sort either.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('accounts_balance_idx')
    .on('accounts')
    .columns(['type', 'balance', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('accounts_balance_idx').ifExists().execute();
}
