/**
 * API tokens for the XML-RPC web services and the REST API. A token is `quire_<id>.<secret>`: the
 * id (public) finds one row, and only the SHA-256 of the secret is stored, so a copy of the
 * database does not let anyone call the API. Revoked tokens keep their row (and their name) so the
 * list and the audit log can still say which token it was.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    // Space-separated, e.g. `users:read users:write`.
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('last_used_ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('revoked_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_tokens').ifExists().execute();
}
