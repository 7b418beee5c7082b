/**
 * Printers as accounting objects: names, cost model, access groups and labels. Deleting a printer
 * keeps its jobs (they hold the printer's name; their printer_id becomes null).
 */
import type { Kysely } from 'kysely';
import type { PrinterKind, PrinterRow } from '../db/accounting.schema.js';
import type { DB } from '../db/schema.js';

export type PrinterSettings = Partial<
  Pick<
    PrinterRow,
    | 'display_name'
    | 'location'
    | 'notes'
    | 'enabled'
    | 'disabled_until'
    | 'cost_gray'
    | 'cost_color'
    | 'duplex_discount'
    | 'destination_uri'
    | 'hold_jobs'
    | 'auth_mode'
  >
>;

export interface SizeCost {
  size: string;
  cost_gray: number;
  cost_color: number;
}

function numeric(row: PrinterRow): PrinterRow {
  return { ...row, cost_gray: Number(row.cost_gray), cost_color: Number(row.cost_color) };
}

export function createPrintersRepository(db: Kysely<DB>) {
  return {
    async byName(serverName: string, name: string): Promise<PrinterRow | undefined> {
      const row = await db
        .selectFrom('printers')
        .selectAll()
        .where('server_name', '=', serverName)
        .where('name', '=', name)
        .executeTakeFirst();
      return row && numeric(row);
    },

    /** Printers with this queue name on any server (a job may name only the queue). */
    async byQueueName(name: string): Promise<PrinterRow[]> {
      const rows = await db
        .selectFrom('printers')
        .selectAll()
        .where('name', '=', name)
        .orderBy('id')
        .execute();
      return rows.map(numeric);
    },

    /**
     * The printers a job names (one, or several when only the queue name is given), each with
     * whether `userId` may print on it (no access groups, or a member of one): what charging reads,
     * in one statement instead of a lookup and an access check. A number names the printer by id.
     */
    async forCharge(
      serverName: string | undefined,
      name: string | number,
      userId: number,
    ): Promise<(PrinterRow & { allowed: boolean })[]> {
      let query = db
        .selectFrom('printers as p')
        .selectAll('p')
        .select((eb) => [
          eb
            .or([
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('printer_access_groups as a')
                    .select('a.group_id')
                    .whereRef('a.printer_id', '=', 'p.id'),
                ),
              ),
              eb.exists(
                eb
                  .selectFrom('printer_access_groups as a')
                  .innerJoin('group_members as m', 'm.group_id', 'a.group_id')
                  .select('a.group_id')
                  .whereRef('a.printer_id', '=', 'p.id')
                  .where('m.user_id', '=', userId),
              ),
            ])
            .as('allowed'),
        ]);
      if (typeof name === 'number') query = query.where('p.id', '=', name);
      else query = query.where('p.name', '=', name);
      if (serverName !== undefined) query = query.where('p.server_name', '=', serverName);
      const rows = await query.orderBy('p.id').execute();
      return rows.map(({ allowed, ...row }) => ({ ...numeric(row), allowed: Boolean(allowed) }));
    },

    async byId(id: number): Promise<PrinterRow | undefined> {
      const row = await db.selectFrom('printers').selectAll().where('id', '=', id).executeTakeFirst();
      return row && numeric(row);
    },

    async add(
      serverName: string,
      name: string,
      settings: PrinterSettings,
      at: string,
      kind: PrinterKind = 'printer',
    ): Promise<number> {
      const row = await db
        .insertInto('printers')
        .values({ server_name: serverName, name, kind, ...settings, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async update(id: number, settings: PrinterSettings, at: string): Promise<void> {
      await db
        .updateTable('printers')
        .set({ ...settings, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    async rename(id: number, serverName: string, name: string, at: string): Promise<void> {
      await db
        .updateTable('printers')
        .set({ server_name: serverName, name, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    async remove(id: number): Promise<void> {
      await db.deleteFrom('printers').where('id', '=', id).execute();
    },

    async list(offset: number, limit: number): Promise<PrinterRow[]> {
      const rows = await db
        .selectFrom('printers')
        .selectAll()
        .orderBy('server_name')
        .orderBy('name')
        .offset(Math.max(offset, 0))
        .limit(Math.min(Math.max(limit, 0), 10_000))
        .execute();
      return rows.map(numeric);
    },

    async sizeCosts(printerId: number): Promise<SizeCost[]> {
      const rows = await db
        .selectFrom('printer_size_costs')
        .select(['size', 'cost_gray', 'cost_color'])
        .where('printer_id', '=', printerId)
        .orderBy('size')
        .execute();
      return rows.map((row) => ({
        ...row,
        cost_gray: Number(row.cost_gray),
        cost_color: Number(row.cost_color),
      }));
    },

    async setSizeCosts(printerId: number, costs: readonly SizeCost[]): Promise<void> {
      await db.deleteFrom('printer_size_costs').where('printer_id', '=', printerId).execute();
      if (costs.length > 0) {
        await db
          .insertInto('printer_size_costs')
          .values(costs.map((cost) => ({ printer_id: printerId, ...cost })))
          .execute();
      }
    },

    async accessGroups(printerId: number): Promise<{ id: number; name: string }[]> {
      return db
        .selectFrom('printer_access_groups as a')
        .innerJoin('groups as g', 'g.id', 'a.group_id')
        .select(['g.id', 'g.name'])
        .where('a.printer_id', '=', printerId)
        .orderBy('g.name')
        .execute();
    },
    async addAccessGroup(printerId: number, groupId: number): Promise<void> {
      await db
        .insertInto('printer_access_groups')
        .values({ printer_id: printerId, group_id: groupId })
        .onConflict((oc) => oc.columns(['printer_id', 'group_id']).doNothing())
        .execute();
    },
    async removeAccessGroup(printerId: number, groupId: number): Promise<void> {
      await db
        .deleteFrom('printer_access_groups')
        .where('printer_id', '=', printerId)
        .where('group_id', '=', groupId)
        .execute();
    },
    async labels(printerId: number): Promise<string[]> {
      const rows = await db
        .selectFrom('printer_labels')
        .select('label')
        .where('printer_id', '=', printerId)
        .orderBy('label')
        .execute();
      return rows.map((row) => row.label);
    },
    async setLabels(printerId: number, labels: readonly string[]): Promise<void> {
      await db.deleteFrom('printer_labels').where('printer_id', '=', printerId).execute();
      if (labels.length > 0) {
        await db
          .insertInto('printer_labels')
          .values(labels.map((label) => ({ printer_id: printerId, label })))
          .execute();
      }
    },

    /** A Find-Me queue's member printers, by name. */
    async findMeMembers(queueId: number): Promise<PrinterRow[]> {
      const rows = await db
        .selectFrom('find_me_members as f')
        .innerJoin('printers as p', 'p.id', 'f.printer_id')
        .selectAll('p')
        .where('f.queue_id', '=', queueId)
        .orderBy('p.server_name')
        .orderBy('p.name')
        .execute();
      return rows.map(numeric);
    },
    async setFindMeMembers(queueId: number, printerIds: readonly number[]): Promise<void> {
      await db.deleteFrom('find_me_members').where('queue_id', '=', queueId).execute();
      if (printerIds.length > 0) {
        await db
          .insertInto('find_me_members')
          .values(printerIds.map((printerId) => ({ queue_id: queueId, printer_id: printerId })))
          .execute();
      }
    },

    async addCounts(id: number, jobs: number, pages: number): Promise<void> {
      await db
        .updateTable('printers')
        .set((eb) => ({ job_count: eb('job_count', '+', jobs), page_count: eb('page_count', '+', pages) }))
        .where('id', '=', id)
        .execute();
    },
    async resetCounts(id: number, at: string): Promise<void> {
      await db
        .updateTable('printers')
        .set({ job_count: 0, page_count: 0, updated_at: at })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type PrintersRepository = ReturnType<typeof createPrintersRepository>;
