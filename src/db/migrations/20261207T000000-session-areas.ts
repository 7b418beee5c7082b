/**
 * Where a session may be used: `web` (the User Web Interface and the Admin Console, through the
 * session cookie) or `release-station` (a release station's own short-lived cookie, signed in by
 * card and PIN or by password). A session of one area is never accepted in the other, so a
 * station's card/PIN sign-in cannot become a web session.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('area', 'text', (column) => column.notNull().defaultTo('web'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('area').execute();
}
