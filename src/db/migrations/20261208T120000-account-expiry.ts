/**
 * The day a guest's or visitor's account expires ('YYYY-MM-DD'), or null: never. The account works
 * until the end of that day in the organisation's time zone (users/account-expiry.ts), so the day is
 * stored, not an instant: a later change of the time zone keeps "until the end of 5 December".
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('expiry_date', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('expiry_date').execute();
}
