/**
 * When each user last logged in (any way: password, card, single sign-on), for the Users list's
 * "Never logged in" filter. Null until the first log-in; filled from the audit log's successful
 * log-ins for the users who logged in before this column existed.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute();
  await sql`update users set last_sign_in_at = (
      select max(audit_log.at) from audit_log
      where audit_log.action = 'signin.success' and audit_log.actor = users.username)
    where users.username in (select actor from audit_log where action = 'signin.success')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('last_sign_in_at').execute();
}
