/**
 * The identity_providers table: single sign-on providers (OpenID Connect and SAML 2.0). The
 * `config` column is JSON that may hold a client secret; only the service reads it, and it never
 * leaves the service in a presented provider.
 *
 *   const row = await providers.insert({ slug: 'microsoft', display_name: 'Microsoft', … });
 *   const shown = await providers.listEnabledFor('user');
 */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, IdentityProviderRow, IdentityProvidersTable } from '../../db/schema.js';

export function createIdentityProvidersRepository(db: Kysely<DB>) {
  return {
    list: (): Promise<IdentityProviderRow[]> =>
      db.selectFrom('identity_providers').selectAll().orderBy('display_name').orderBy('id').execute(),
    findById: (id: number) =>
      db.selectFrom('identity_providers').selectAll().where('id', '=', id).executeTakeFirst(),
    findBySlug: (slug: string) =>
      db.selectFrom('identity_providers').selectAll().where('slug', '=', slug).executeTakeFirst(),
    /** Enabled providers offered on the sign-in page of an area, by name. */
    listEnabledFor: (area: 'user' | 'admin'): Promise<IdentityProviderRow[]> =>
      db
        .selectFrom('identity_providers')
        .selectAll()
        .where('enabled', '=', 1)
        .where(area === 'admin' ? 'on_admin_page' : 'on_user_page', '=', 1)
        .orderBy('display_name')
        .orderBy('id')
        .execute(),
    insert: (row: Insertable<IdentityProvidersTable>): Promise<IdentityProviderRow> =>
      db.insertInto('identity_providers').values(row).returningAll().executeTakeFirstOrThrow(),
    async update(id: number, patch: Updateable<IdentityProvidersTable>): Promise<void> {
      await db.updateTable('identity_providers').set(patch).where('id', '=', id).execute();
    },
    /** Disables the enabled providers linked to a source; returns their slugs. */
    async disableForSource(sourceId: number, now: string): Promise<string[]> {
      const rows = await db
        .updateTable('identity_providers')
        .set({ enabled: 0, updated_at: now })
        .where('source_id', '=', sourceId)
        .where('enabled', '=', 1)
        .returning('slug')
        .execute();
      return rows.map((row) => row.slug);
    },
    async delete(id: number): Promise<void> {
      await db.deleteFrom('identity_providers').where('id', '=', id).execute();
    },
  };
}

export type IdentityProvidersRepository = ReturnType<typeof createIdentityProvidersRepository>;
