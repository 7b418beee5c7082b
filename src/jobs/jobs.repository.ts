/**
 * The job log: every job charged, denied, refunded or cancelled, newest first by id (keyset).
 */
import type { Insertable, Kysely } from 'kysely';
import type { JobRow, JobsTable, JobStatus } from '../db/accounting.schema.js';
import type { DB } from '../db/schema.js';

export interface JobFilter {
  userId?: number;
  printerId?: number;
  accountId?: number;
  status?: JobStatus;
  /** ISO times: created_at >= from and < to. */
  from?: string;
  to?: string;
  /** Only jobs with an id below this (the next page, newest first). */
  before?: number;
}

/** A printer or user with what it printed in a period: the Dashboard's top lists. */
export interface PrintRanking {
  name: string;
  jobs: number;
  pages: number;
}

/** The names a ranking may group by: the job's copied-in printer or user name. */
export type RankedBy = 'printer_name' | 'username';

/** Jobs that count as printed: a refunded job was printed all the same. */
const PRINTED: JobStatus[] = ['printed', 'refunded'];

export function jobRow(row: JobRow): JobRow {
  return { ...row, id: Number(row.id), cost: Number(row.cost), refunded: Number(row.refunded) };
}

export function createJobsRepository(db: Kysely<DB>) {
  return {
    async insert(job: Insertable<JobsTable>): Promise<number> {
      const row = await db.insertInto('jobs').values(job).returning('id').executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async byId(id: number): Promise<JobRow | undefined> {
      const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && jobRow(row);
    },

    /**
     * Marks `amount` more of the job refunded, only while what is refunded stays within its cost:
     * false when another refund got there first, so nothing is given back twice.
     */
    async addRefund(id: number, amount: number, reason: string): Promise<boolean> {
      const result = await db
        .updateTable('jobs')
        .set((eb) => ({
          refunded: eb('refunded', '+', amount),
          status: 'refunded',
          reason,
        }))
        .where('id', '=', id)
        .where('status', 'in', ['printed', 'refunded'])
        .where((eb) => eb(eb('refunded', '+', amount), '<=', eb.ref('cost')))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /**
     * A page of jobs, newest first: the page's ids from the filter's index alone ((user_id, id),
     * (printer_id, id), (account_id, id), denied jobs by id), then their rows. In one step,
     * PostgreSQL walks the primary key backwards past everyone else's jobs when one user, printer
     * or account holds a few % of them (as ledger.repository.ts `page` explains).
     */
    async page(filter: JobFilter, limit: number): Promise<JobRow[]> {
      let ids = db.selectFrom('jobs').select('id');
      if (filter.userId !== undefined) ids = ids.where('user_id', '=', filter.userId);
      if (filter.printerId !== undefined) ids = ids.where('printer_id', '=', filter.printerId);
      if (filter.accountId !== undefined) ids = ids.where('account_id', '=', filter.accountId);
      if (filter.status !== undefined) ids = ids.where('status', '=', filter.status);
      if (filter.from !== undefined) ids = ids.where('created_at', '>=', filter.from);
      if (filter.to !== undefined) ids = ids.where('created_at', '<', filter.to);
      if (filter.before !== undefined) ids = ids.where('id', '<', filter.before);
      const rows = await db
        .selectFrom('jobs')
        .selectAll()
        .where('id', 'in', ids.orderBy('id', 'desc').limit(Math.min(Math.max(limit, 0), 10_000)))
        .orderBy('id', 'desc')
        .execute();
      return rows.map(jobRow);
    },

    /** Jobs and pages since `from` (ISO), printed ones only; for a user when `userId` is given. */
    async totals(from: string, userId?: number): Promise<{ jobs: number; pages: number }> {
      let query = db
        .selectFrom('jobs')
        .select((eb) => [eb.fn.countAll<number>().as('jobs'), eb.fn.sum<number>('total_pages').as('pages')])
        .where('created_at', '>=', from)
        .where('status', 'in', PRINTED);
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      const row = await query.executeTakeFirstOrThrow();
      return { jobs: Number(row.jobs), pages: Number(row.pages ?? 0) };
    },

    /**
     * The `limit` printers or users (by the name the job recorded, so a deleted one still counts)
     * that printed the most pages since `from` (ISO), most first; ties in name order.
     */
    async top(by: RankedBy, from: string, limit: number): Promise<PrintRanking[]> {
      const rows = await db
        .selectFrom('jobs')
        .select((eb) => [
          eb.ref(by).as('name'),
          eb.fn.countAll<number>().as('jobs'),
          eb.fn.sum<number>('total_pages').as('pages'),
        ])
        .where('created_at', '>=', from)
        .where('status', 'in', PRINTED)
        .groupBy(by)
        .orderBy('pages', 'desc')
        .orderBy('name')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ name: row.name, jobs: Number(row.jobs), pages: Number(row.pages) }));
    },
  };
}

export type JobsRepository = ReturnType<typeof createJobsRepository>;
