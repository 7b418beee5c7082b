/**
 * An optional expiry time for API tokens (ISO 8601, UTC). A token past it is refused like a revoked
 * one; null means it never expires, which is what every token made before this migration keeps.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
}
