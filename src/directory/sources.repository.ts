/**
 * Directory sources and their sync options. Only this file reads or writes the sources table.
 */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, SourceRow, SourcesTable } from '../db/schema.js';

export function createSourcesRepository(db: Kysely<DB>) {
  return {
    /** Primary first, then secondary, then by age. */
    list: () => db.selectFrom('sources').selectAll().orderBy('priority').orderBy('id').execute(),
    findById: (id: number) => db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst(),
    findByName: (name: string) =>
      db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst(),
    async insert(row: Insertable<SourcesTable>): Promise<SourceRow> {
      return db.insertInto('sources').values(row).returningAll().executeTakeFirstOrThrow();
    },
    async update(id: number, patch: Updateable<SourcesTable>): Promise<void> {
      await db.updateTable('sources').set(patch).where('id', '=', id).execute();
    },
    async nextPriority(): Promise<number> {
      const row = await db
        .selectFrom('sources')
        .select((eb) => eb.fn.max('priority').as('p'))
        .executeTakeFirst();
      return Number(row?.p ?? 0) + 1;
    },
    async countUsers(id: number): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('source_id', '=', id)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Removes a source that no longer owns users (the caller checks). */
    async delete(id: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('groups').where('source_id', '=', id).execute();
        // A Microsoft Graph source's delta-query mirror (graph-mirror.repository.ts).
        for (const table of ['directory_mirror', 'directory_delta', 'directory_mirror_stage'] as const)
          await trx.deleteFrom(table).where('source_id', '=', id).execute();
        await trx.deleteFrom('sources').where('id', '=', id).execute();
      });
    },
  };
}

export type SourcesRepository = ReturnType<typeof createSourcesRepository>;
