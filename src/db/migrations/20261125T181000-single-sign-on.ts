/**
 * Single sign-on: the identity providers an administrator set up (OpenID Connect — Microsoft,
 * Google, any provider — and SAML 2.0) and the sign-ins on their way through a provider.
 *
 * An `sso_requests` row is one redirect to a provider: its id is the SHA-256 of the OIDC `state`
 * (or a SAML AuthnRequest id), so the database never holds a usable state value, and taking it
 * deletes it, so a replayed answer finds nothing — on either database, whichever server answers.
 */
import { PostgresAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

function withId<T extends string>(db: Kysely<unknown>, table: CreateTableBuilder<T, never>) {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('identity_providers'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('preset', 'text', (c) => c.notNull())
    // JSON; holds the OIDC client secret, which is never shown back, logged or audited.
    .addColumn('config', 'text', (c) => c.notNull())
    // A removed source leaves its providers without one (they then match by username only).
    .addColumn('source_id', 'integer', (c) => c.references('sources.id').onDelete('set null'))
    .addColumn('match_by', 'text', (c) => c.notNull())
    .addColumn('create_on_demand', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('on_user_page', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('on_admin_page', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'integer', (c) =>
      c.notNull().references('identity_providers.id').onDelete('cascade'),
    )
    .addColumn('browser', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('next', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_requests_expires_at').on('sso_requests').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sso_requests').ifExists().execute();
  await db.schema.dropTable('identity_providers').ifExists().execute();
}
