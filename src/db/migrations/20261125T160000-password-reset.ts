/**
 * Forgotten password by email: single-use reset links (only the SHA-256 of each token is stored)
 * and the requests made, counted per address and per account for rate limiting.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('password_resets_user_idx')
    .on('password_resets')
    .columns(['user_id'])
    .execute();

  const id = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('password_reset_requests')
    .addColumn('id', id ? 'serial' : 'integer', (c) => (id ? c.primaryKey() : c.primaryKey().autoIncrement()))
    // `ip:<address>`, `user:<id>` or `name:<what was typed>`.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('password_reset_requests_key_idx')
    .on('password_reset_requests')
    .columns(['key', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_reset_requests').execute();
  await db.schema.dropTable('password_resets').execute();
}
