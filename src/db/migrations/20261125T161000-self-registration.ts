/**
 * Self-registration: a pending registration waits here, not in `users`, until its email link is
 * followed. So an unverified account cannot sign in (there is no user to sign in as), does not
 * appear in the Users list and holds no name. Rows are kept after use (used_at) so that the
 * per-address rate limit counts every registration, and purged a day after they expire.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('registrations')
    // Only the SHA-256 of the emailed token is stored: a database reader cannot activate anything.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('registrations_ip_idx')
    .on('registrations')
    .columns(['ip', 'created_at'])
    .execute();
  await db.schema.createIndex('registrations_expires_idx').on('registrations').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('registrations').ifExists().execute();
}
