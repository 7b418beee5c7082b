/**
 * A print charge on PostgreSQL as one statement: the conditional balance UPDATE, the job, its
 * ledger row and the counts of the accounts and the printer, chained by data-modifying CTEs. It
 * is atomic without BEGIN/COMMIT, and one round trip instead of seven; that is what the charge
 * rate on PostgreSQL is made of (a round trip costs far more than the work of a statement). The
 * rules are those of the transaction in charging.service.ts, which SQLite runs (SQLite has no
 * data-modifying CTEs; its round trips are function calls): nothing is written unless the balance
 * UPDATE passes its guards, which re-check the row after waiting for a concurrent charge's lock.
 *
 *   const done = await createChargeRepository(db).chargeAtOnce({ job, accountId, … });
 *   if (!done) // refused: restricted without credit, or disabled
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { JobsTable } from '../db/accounting.schema.js';
import type { DB } from '../db/schema.js';
import { MAX_AMOUNT } from '../accounts/money.js';

export interface OneStatementCharge {
  /** The job's row; its cost (> 0) is taken from `accountId`. Its status is decided here. */
  job: Omit<Insertable<JobsTable>, 'status' | 'reason'>;
  accountId: number;
  /** The user's personal account: its counts grow too when a shared account pays. */
  personalId: number;
  ledgerComment: string;
  actor: string;
  /** The denied job's reason when the account refuses the charge. */
  refusal: string;
}

/** The job columns the caller gives, in the order the statement lists them. */
const JOB_COLUMNS = [
  'user_id',
  'username',
  'printer_id',
  'printer_name',
  'account_id',
  'account_name',
  'document_name',
  'pages',
  'copies',
  'total_pages',
  'color_pages',
  'duplex',
  'paper_size',
  'cost',
  'client_machine',
  'origin',
  'created_at',
  'print_job_id',
] as const satisfies readonly (keyof JobsTable)[];

export function createChargeRepository(db: Kysely<DB>) {
  return {
    /**
     * Charges the job's cost and writes it as printed, or, when the account refuses (restricted
     * without credit, disabled), writes it as denied with `refusal` and changes nothing else.
     * PostgreSQL only.
     */
    async chargeAtOnce(
      charge: OneStatementCharge,
    ): Promise<{ jobId: number; charged: true; balance: number } | { jobId: number; charged: false }> {
      const { job, accountId } = charge;
      const cost = Number(job.cost);
      const pages = Number(job.total_pages);
      const at = job.created_at;
      const personalId = charge.personalId === accountId ? null : charge.personalId;
      const values = JOB_COLUMNS.map((column) => sql`${job[column] ?? null}`);
      const result = await sql<{ job_id: number; balance: number | null }>`
        with moved as (
          update accounts set balance = balance - ${cost}, updated_at = ${at},
            job_count = job_count + 1, page_count = page_count + ${pages}
          where id = ${accountId} and balance - ${cost} >= ${-MAX_AMOUNT}
            and (restricted = 0 or balance - ${cost} >= -overdraft)
            and enabled = 1 and (disabled_until is null or disabled_until <= ${at})
          returning balance),
        job as (
          insert into jobs (${sql.join(JOB_COLUMNS.map((column) => sql.ref(column)))}, status, reason)
          values (${sql.join(values)},
            case when exists (select from moved) then 'printed' else 'denied' end,
            case when exists (select from moved) then '' else ${charge.refusal} end)
          returning id),
        entry as (
          insert into ledger (account_id, amount, balance_after, type, comment, actor, job_id, created_at)
          select ${accountId}::bigint, ${-cost}::bigint, moved.balance, 'print-charge',
            ${charge.ledgerComment}::text, ${charge.actor}::text, job.id, ${at}::text
          from moved, job
          returning id),
        personal as (
          update accounts set job_count = job_count + 1, page_count = page_count + ${pages},
            updated_at = ${at}
          where id = ${personalId} and exists (select from moved)
          returning id),
        printer as (
          update printers set job_count = job_count + 1, page_count = page_count + ${pages}
          where id = ${job.printer_id ?? null} and exists (select from moved)
          returning id)
        select job.id as job_id, (select balance from moved) as balance from job
      `.execute(db);
      const row = result.rows[0]!;
      const jobId = Number(row.job_id);
      return row.balance === null
        ? { jobId, charged: false }
        : { jobId, charged: true, balance: Number(row.balance) };
    },
  };
}
