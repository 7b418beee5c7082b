/**
 * Two-factor sign-in: a user's authenticator app (TOTP secret), their one-time recovery codes
 * (SHA-256 of each 80-bit code only), their WebAuthn security keys, and the WebAuthn challenge a
 * session is answering. Every row goes with its user; a challenge goes with its session.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('two_factor_totp')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    // Base32, as the authenticator app got it; never shown again after enrolment.
    .addColumn('secret', 'text', (c) => c.notNull())
    // Null until the first code confirms that the app has the secret.
    .addColumn('confirmed_at', 'text')
    // The last 30-second step a code was accepted for: a code is refused for it and every step before.
    .addColumn('last_step', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('two_factor_recovery_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('two_factor_recovery_codes_user')
    .on('two_factor_recovery_codes')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('two_factor_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // base64url, as the authenticator gave them.
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    // Comma-separated AuthenticatorTransport values ("usb,nfc"), passed back as hints.
    .addColumn('transports', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('two_factor_keys_user').on('two_factor_keys').column('user_id').execute();

  await db.schema
    .createTable('two_factor_challenges')
    .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('challenge', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'two_factor_challenges',
    'two_factor_keys',
    'two_factor_recovery_codes',
    'two_factor_totp',
  ])
    await db.schema.dropTable(table).ifExists().execute();
}
