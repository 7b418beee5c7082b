/**
 * Key/value settings (JSON values). Shared by every server on one database.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export function createSettingsRepository(db: Kysely<DB>) {
  return {
    async get(key: string): Promise<string | undefined> {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },
    async all(): Promise<Record<string, string>> {
      const rows = await db.selectFrom('settings').selectAll().execute();
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },
    async set(key: string, value: string): Promise<void> {
      await db
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },
    /** Deletes the key only if it still holds `value`; true when this call deleted it (atomic). */
    async take(key: string, value: string): Promise<boolean> {
      const result = await db
        .deleteFrom('settings')
        .where('key', '=', key)
        .where('value', '=', value)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
    async delete(key: string): Promise<void> {
      await db.deleteFrom('settings').where('key', '=', key).execute();
    },
    /** Deletes every key that starts with `prefix` (a literal, not a pattern). */
    async deletePrefix(prefix: string): Promise<void> {
      await db
        .deleteFrom('settings')
        .where('key', '>=', prefix)
        .where('key', '<', `${prefix}\uffff`)
        .execute();
    },
  };
}

export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
