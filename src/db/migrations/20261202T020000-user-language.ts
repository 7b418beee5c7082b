/**
 * The language a user chose for the User Web Interface and for mail to them ('de', 'es'…), or
 * null: then the browser's Accept-Language and the organisation's default decide (i18n/negotiate.ts).
 * The organisation's default itself is an option in `settings`, which needs no column.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('language', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('language').execute();
}
