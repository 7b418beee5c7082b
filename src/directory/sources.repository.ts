/**
 * Directory sources (custom program today; LDAP and cloud directories later).
 */
import type { Kysely } from 'kysely';
import type { DB, SourceRow } from '../db/schema.js';

export function createSourcesRepository(db: Kysely<DB>) {
  return {
    list: () => db.selectFrom('sources').selectAll().orderBy('id').execute(),
    findById: (id: number) => db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst(),
    findByName: (name: string) => db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst(),
    async insert(row: Omit<SourceRow, 'id'>): Promise<SourceRow> {
      return db.insertInto('sources').values(row).returningAll().executeTakeFirstOrThrow();
    },
  };
}

export type SourcesRepository = ReturnType<typeof createSourcesRepository>;
