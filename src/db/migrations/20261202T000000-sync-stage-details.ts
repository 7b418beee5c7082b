/**
 * A sync stages the user properties that directories list besides the basic details (PaperCut's
 * custom program prints them as columns 7–11): other emails, username alias, home folder and the
 * card PIN — never the PIN itself, only the argon2id hash the run will store (or the stored hash
 * when the listed PIN still verifies against it). '' means "the source lists no value".
 */
import type { Kysely } from 'kysely';

const COLUMNS = ['other_emails', 'username_alias', 'home_folder', 'pin_hash'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of COLUMNS)
    await db.schema
      .alterTable('sync_stage_users')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
      .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of [...COLUMNS].reverse())
    await db.schema.alterTable('sync_stage_users').dropColumn(column).execute();
}
