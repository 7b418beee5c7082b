/**
 * The PaperCut user properties Quire did not have yet (username alias, home folder, other emails,
 * card PIN), and groups whose members get Admin Console access.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('username_alias', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('home_folder', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // Further addresses a directory lists for the user, one per line (read-only in Quire).
  await db.schema
    .alterTable('users')
    .addColumn('other_emails', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // argon2id of the card PIN: a 4-digit PIN is guessable from any fast hash, so it gets the slow one.
  await db.schema.alterTable('users').addColumn('card_pin_hash', 'text').execute();
  await db.schema.createIndex('users_username_alias_idx').on('users').column('username_alias').execute();

  await db.schema
    .createTable('admin_groups')
    .addColumn('group_id', 'integer', (c) => c.primaryKey().references('groups.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('admin_groups').execute();
  await db.schema.dropIndex('users_username_alias_idx').execute();
  for (const column of ['card_pin_hash', 'other_emails', 'home_folder', 'username_alias'])
    await db.schema.alterTable('users').dropColumn(column).execute();
}
