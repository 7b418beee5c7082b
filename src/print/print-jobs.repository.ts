/**
 * Print jobs in flight (print_jobs): every change of state is one conditional UPDATE, so when two
 * servers (or two requests) act on one job at once — two releases, a release and a cancel, an
 * expiry and a release — exactly one of them changes it and the others see `false`.
 *
 *   if (!(await printJobs.update(id, { states: ['pending-held'] }, { state: 'pending', … }))) // lost
 */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB } from '../db/schema.js';
import type { PrintJobRow, PrintJobState, PrintJobsTable } from '../db/print.schema.js';

/** The states a job ends in: its document is removed, its row kept a while for Get-Jobs. */
export const ENDED_STATES: readonly PrintJobState[] = ['completed', 'canceled', 'aborted'];

/** What must still hold for an update to apply. */
export interface PrintJobCondition {
  states: readonly PrintJobState[];
  /** Only while this server holds the job's lease. */
  leaseOwner?: string;
  /** Only while its lease ran out before this time (the server holding it died). */
  leaseBefore?: string;
  /** Only while it is not charged. */
  uncharged?: boolean;
  /** Only while it has no document yet. */
  noDocument?: boolean;
  /** Only while no printer has it (no destination job id recorded). */
  notAtPrinter?: boolean;
}

export interface PrintJobFilter {
  queueId?: number;
  /** The stored (lower-case) username. */
  username?: string;
  states?: readonly PrintJobState[];
  /** Only jobs with an id below this (the next page, newest first). */
  before?: number;
}

function printJobRow(row: PrintJobRow): PrintJobRow {
  return {
    ...row,
    document_size: Number(row.document_size),
    charged_job_id: row.charged_job_id === null ? null : Number(row.charged_job_id),
  };
}

export function createPrintJobsRepository(db: Kysely<DB>) {
  async function byId(id: number): Promise<PrintJobRow | undefined> {
    const row = await db.selectFrom('print_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && printJobRow(row);
  }

  return {
    byId,

    async insert(job: Insertable<PrintJobsTable>): Promise<number> {
      const row = await db.insertInto('print_jobs').values(job).returning('id').executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async page(filter: PrintJobFilter, limit: number): Promise<PrintJobRow[]> {
      let query = db.selectFrom('print_jobs').selectAll();
      if (filter.queueId !== undefined) query = query.where('queue_id', '=', filter.queueId);
      if (filter.username !== undefined) query = query.where('username', '=', filter.username);
      if (filter.states !== undefined) query = query.where('state', 'in', [...filter.states]);
      if (filter.before !== undefined) query = query.where('id', '<', filter.before);
      const rows = await query
        .orderBy('id', 'desc')
        .limit(Math.min(Math.max(limit, 0), 10_000))
        .execute();
      return rows.map(printJobRow);
    },

    /** Applies `set` only while `when` holds; true when it did (false: another change came first). */
    async update(id: number, when: PrintJobCondition, set: Updateable<PrintJobsTable>): Promise<boolean> {
      let query = db
        .updateTable('print_jobs')
        .set(set)
        .where('id', '=', id)
        .where('state', 'in', [...when.states]);
      if (when.leaseOwner !== undefined) query = query.where('lease_owner', '=', when.leaseOwner);
      if (when.leaseBefore !== undefined) query = query.where('lease_until', '<', when.leaseBefore);
      if (when.uncharged) query = query.where('charged_job_id', 'is', null);
      if (when.noDocument) query = query.where('spool_file', '=', '');
      if (when.notAtPrinter) query = query.where('destination_job_id', 'is', null);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Held jobs whose time ran out at `now`, oldest first. */
    async expiredHeld(now: string, limit: number): Promise<PrintJobRow[]> {
      const rows = await db
        .selectFrom('print_jobs')
        .selectAll()
        .where('state', '=', 'pending-held')
        .where('expires_at', '<=', now)
        .orderBy('expires_at')
        .limit(limit)
        .execute();
      return rows.map(printJobRow);
    },

    /**
     * Jobs a server was receiving or releasing when it stopped: not yet charged, and their lease
     * ran out before `now`.
     */
    async stale(now: string, limit: number): Promise<PrintJobRow[]> {
      const rows = await db
        .selectFrom('print_jobs')
        .selectAll()
        .where('state', '=', 'pending')
        .where('charged_job_id', 'is', null)
        .where('lease_until', '<', now)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(printJobRow);
    },

    /** Ended jobs whose document is still in the spool (its removal failed, or the server stopped). */
    async endedWithFiles(limit: number): Promise<PrintJobRow[]> {
      const rows = await db
        .selectFrom('print_jobs')
        .selectAll()
        .where('state', 'in', [...ENDED_STATES])
        .where('spool_file', '!=', '')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(printJobRow);
    },

    /** Forgets the job's spool file once it is removed (only if it is still that file). */
    async clearFile(id: number, name: string): Promise<void> {
      await db
        .updateTable('print_jobs')
        .set({ spool_file: '' })
        .where('id', '=', id)
        .where('spool_file', '=', name)
        .execute();
    },

    /** Deletes ended jobs (documents removed) that ended before `before`; how many. */
    async purgeEnded(before: string): Promise<number> {
      const result = await db
        .deleteFrom('print_jobs')
        .where('state', 'in', [...ENDED_STATES])
        .where('spool_file', '=', '')
        .where('completed_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** The job log's charge for this print job, if one was written (denials do not count). */
    async chargeOf(printJobId: number): Promise<number | undefined> {
      const row = await db
        .selectFrom('jobs')
        .select('id')
        .where('print_job_id', '=', printJobId)
        .where('status', 'in', ['printed', 'refunded'])
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row && Number(row.id);
    },

    /**
     * The forwarder's claim: the next charged job due for an attempt that no live server holds
     * becomes `processing` under this server's lease until `leaseUntil`. One conditional UPDATE per
     * candidate, so with several servers each job is claimed by one.
     */
    async claimForForwarding(
      owner: string,
      now: string,
      leaseUntil: string,
    ): Promise<PrintJobRow | undefined> {
      const candidates = await db
        .selectFrom('print_jobs')
        .select('id')
        .where('state', 'in', ['pending', 'processing'])
        .where('charged_job_id', 'is not', null)
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('next_attempt_at')
        .limit(5)
        .execute();
      for (const { id } of candidates) {
        const result = await db
          .updateTable('print_jobs')
          .set((eb) => ({
            state: 'processing',
            state_reasons: 'job-printing',
            lease_owner: owner,
            lease_until: leaseUntil,
            attempts: eb('attempts', '+', 1),
          }))
          .where('id', '=', id)
          .where('state', 'in', ['pending', 'processing'])
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) > 0) return byId(id);
      }
      return undefined;
    },
  };
}

export type PrintJobsRepository = ReturnType<typeof createPrintJobsRepository>;
