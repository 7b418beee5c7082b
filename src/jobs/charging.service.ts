/**
 * Charging a print job: the one service every way a job arrives goes through (processJob, the
 * CLI, REST, and the print queues). It prices the job with the printer's cost model, picks the
 * account by the user's account selection, and writes the job, the ledger row and the balance in
 * one transaction. A refused charge writes a denied job with the reason and nothing else.
 *
 *   const result = await charging.charge({ username: 'alice', printer: 'library-mono', pages: 3, … });
 *   if (result.status === 'denied') console.log(result.reason);
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AccountingStore } from '../accounts/accounting-store.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { ledgerComment } from '../accounts/ledger-text.js';
import { amountToDecimal, checkAmount } from '../accounts/money.js';
import type { Insertable } from 'kysely';
import type { AccountRow, JobRow, JobsTable } from '../db/accounting.schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { localText } from '../i18n/local-text.js';
import type { Clock } from '../ports.js';
import { jobCost, type JobShape } from '../printers/cost-model.js';
import { MAX_COPIES, MAX_PAGES } from './job-details.js';
import { normalizeUsername } from '../users/username.js';
import { chooseAccount } from './account-choice.js';

export interface JobRequest extends JobShape {
  username: string;
  /** The print server's name; when left out, the queue name must be unique. */
  server?: string;
  printer: string;
  /** The printer by id instead of by name (a held job released to a printer the queues know). */
  printerId?: number;
  /** The print job (print_jobs.id) this charge is for, written with the charge in one transaction. */
  printJobId?: number;
  documentName: string;
  clientMachine: string;
  /** A cost decided by the caller instead of the printer's cost model (processJob's cost=). */
  cost?: number;
  /** Charge this shared account (the user must be allowed to), instead of the account selection. */
  sharedAccount?: string;
  time?: string;
  origin: 'api' | 'cli' | 'rest' | 'ipp';
}

export type ChargeResult =
  | { status: 'printed'; jobId: number; cost: number; account: string; balance: number }
  | { status: 'denied'; jobId: number; cost: number; account: string; reason: string };

function checkShape(job: JobShape): void {
  const problems: Record<string, string> = {};
  if (!Number.isInteger(job.pages) || job.pages < 1 || job.pages > MAX_PAGES) {
    problems.pages = `Pages must be a whole number from 1 to ${MAX_PAGES}.`;
  }
  if (!Number.isInteger(job.colorPages) || job.colorPages < 0 || job.colorPages > job.pages) {
    problems.colorPages = 'Colour pages must be a whole number from 0 to the number of pages.';
  }
  if (!Number.isInteger(job.copies) || job.copies < 1 || job.copies > MAX_COPIES) {
    problems.copies = `Copies must be a whole number from 1 to ${MAX_COPIES}.`;
  }
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
}

export function createChargingService(deps: {
  store: AccountingStore;
  accounts: Pick<AccountsService, 'personal'>;
  audit: AuditService;
  clock: Clock;
}) {
  const { store, clock } = deps;

  async function findPrinter(server: string | undefined, name: string) {
    if (server !== undefined && server !== '') {
      const printer = await store.printers.byName(server, name);
      if (printer) return printer;
    } else {
      const printers = await store.printers.byQueueName(name);
      if (printers.length === 1) return printers[0]!;
      if (printers.length > 1) {
        throw new ValidationError({ printer: localText('problem.printer.ambiguous', { name }) });
      }
    }
    throw new NotFoundError(`No printer named "${server ? `${server}\\` : ''}${name}".`);
  }

  /** Why this printer or account refuses the job now, or null. */
  function refusalOf(
    printer: { enabled: number; disabled_until: string | null },
    account: AccountRow,
    at: string,
  ): string | null {
    if (printer.enabled === 0 || (printer.disabled_until !== null && printer.disabled_until > at)) {
      return 'The printer is disabled.';
    }
    if (account.enabled === 0 || (account.disabled_until !== null && account.disabled_until > at)) {
      return account.type === 'personal'
        ? 'Printing is disabled for this user.'
        : 'The shared account is disabled.';
    }
    return null;
  }

  /** The user a job is for, with their personal account (opened now if they have none). */
  async function payerOf(username: string) {
    const payer = await store.accounts.payer(normalizeUsername(username));
    if (!payer) throw new NotFoundError(`No user named "${username}".`);
    const personal = payer.personal ?? (await deps.accounts.personal(payer.user));
    return { ...payer, personal };
  }

  /** The printer a job names (by id when it gives one), with whether the user may print on it. */
  async function printerFor(request: JobRequest, userId: number) {
    const { server, printer: name, printerId } = request;
    const named = server !== undefined && server !== '';
    const printers = await store.printers.forCharge(
      named && printerId === undefined ? server : undefined,
      printerId ?? name,
      userId,
    );
    if (printers.length === 1) return printers[0]!;
    if (printers.length > 1) {
      throw new ValidationError({
        printer: `Several servers have a printer named "${name}"; name the server too.`,
      });
    }
    throw new NotFoundError(`No printer named "${named ? `${server}\\` : ''}${name}".`);
  }

  /**
   * Reads what a charge needs: the payer and the printer (two statements; three with a paper size
   * the printer may price, four for an auto-selected shared account).
   */
  async function prepare(request: JobRequest) {
    const payer = await payerOf(request.username);
    const { user, personal } = payer;
    const printer = await printerFor(request, user.id);
    const sizes = request.paperSize === '' ? [] : await store.printers.sizeCosts(printer.id);
    const cost = request.cost ?? jobCost(printer, sizes, request);
    const account = await chooseAccount(store.accounts, payer, request.sharedAccount);
    return { user, personal, printer, cost, account };
  }

  /**
   * Writes an allowed, priced job: printed, with its charge and the counts, or denied with
   * `refused` when the account will not pay (restricted without credit, disabled meanwhile).
   */
  async function record(
    job: Omit<Insertable<JobsTable>, 'status' | 'reason'> & {
      cost: number;
      total_pages: number;
      created_at: string;
    },
    payers: { account: AccountRow; personal: AccountRow; refused: string },
  ): Promise<{ jobId: number; charged: true; balance: number } | { jobId: number; charged: false }> {
    const { account, personal, refused } = payers;
    const { cost, created_at: at } = job;
    const comment = job.document_name.slice(0, 200);
    const actor = job.username;
    if (cost > 0 && store.chargeAtOnce) {
      return store.chargeAtOnce({
        job,
        accountId: account.id,
        personalId: personal.id,
        ledgerComment: comment,
        actor,
        refusal: refused,
      });
    }
    const counts = { jobs: 1, pages: job.total_pages };
    const printed = await store.transaction(
      async (repos) => {
        const jobId = await repos.jobs.insert({ ...job, status: 'printed' });
        let balance = account.balance;
        if (cost > 0) {
          const moved = await repos.ledger.move(
            account.id,
            -cost,
            { type: 'print-charge', comment, actor, jobId, at, counts },
            { limit: true, enabled: true },
          );
          // Rolled back below: the job row goes with it, and the denial is written on its own.
          if (!moved.ok) return null;
          balance = moved.balance;
        } else {
          await repos.accounts.addCounts(account.id, counts.jobs, counts.pages, at);
        }
        if (account.id !== personal.id)
          await repos.accounts.addCounts(personal.id, counts.jobs, counts.pages, at);
        if (job.printer_id) await repos.printers.addCounts(job.printer_id, counts.jobs, counts.pages);
        return { jobId, balance };
      },
      { rollbackOn: (result) => result === null },
    );
    if (printed) return { jobId: printed.jobId, charged: true, balance: printed.balance };
    const jobId = await store.jobs.insert({ ...job, status: 'denied', reason: refused });
    return { jobId, charged: false };
  }

  async function charge(request: JobRequest): Promise<ChargeResult> {
    checkShape(request);
    if (request.cost !== undefined && checkAmount(request.cost) < 0) {
      throw new ValidationError({ cost: 'The cost may not be negative.' });
    }
    const { user, personal, printer, cost, account } = await prepare(request);
    const at = request.time ?? clock.now().toISOString();
    const accountName = account.type === 'shared' ? (account.name ?? '') : user.username;
    const job = {
      user_id: user.id,
      username: user.username,
      printer_id: printer.id,
      printer_name: `${printer.server_name}\\${printer.name}`,
      account_id: account.id,
      account_name: accountName,
      document_name: request.documentName,
      pages: request.pages,
      copies: request.copies,
      total_pages: request.pages * request.copies,
      color_pages: request.colorPages,
      duplex: request.duplex ? (1 as const) : (0 as const),
      paper_size: request.paperSize,
      cost,
      client_machine: request.clientMachine,
      origin: request.origin,
      created_at: at,
      print_job_id: request.printJobId ?? null,
    };

    const denied = async (reason: string): Promise<ChargeResult> => {
      const jobId = await store.jobs.insert({ ...job, status: 'denied', reason });
      return { status: 'denied', jobId, cost, account: accountName, reason };
    };

    if (!printer.allowed) return denied('The user is not in a group allowed to print on this printer.');
    const refusal = refusalOf(printer, account, at);
    if (refusal) return denied(refusal);

    const refused =
      account.restricted === 1
        ? 'Not enough credit: the account is restricted and the job would take it below its limit.'
        : 'The account could not be charged.';
    const written = await record(job, { account, personal, refused });
    return written.charged
      ? { status: 'printed', jobId: written.jobId, cost, account: accountName, balance: written.balance }
      : { status: 'denied', jobId: written.jobId, cost, account: accountName, reason: refused };
  }

  /**
   * Gives back `amount` of a job's cost (all of what is left when undefined) to the account it was
   * charged to, with a refund ledger row; a job is never refunded beyond its cost.
   */
  async function refund(
    jobId: number,
    amount: number | undefined,
    comment: string,
    actor: Actor,
  ): Promise<JobRow> {
    const text = ledgerComment(comment);
    const job = await store.jobs.byId(jobId);
    if (!job) throw new NotFoundError(`No job with id ${jobId}.`);
    if (job.account_id === null)
      throw new ConflictError('The account this job was charged to no longer exists.');
    const give = amount ?? job.cost - job.refunded;
    if (checkAmount(give) <= 0 || give > job.cost - job.refunded) {
      throw new ValidationError({
        amount: `The refund must be more than zero and at most ${amountToDecimal(job.cost - job.refunded)}.`,
      });
    }
    const at = clock.now().toISOString();
    const done = await store.transaction(
      async (repos) => {
        if (!(await repos.jobs.addRefund(jobId, give, text || 'Refunded'))) return null;
        await repos.ledger.move(job.account_id!, give, {
          type: 'refund',
          comment: text,
          actor: actor.username,
          jobId,
          at,
        });
        return true;
      },
      { rollbackOn: (result) => result === null },
    );
    if (!done) throw new ConflictError('The job was refunded in the meantime; nothing more was given back.');
    await deps.audit.record({
      actor: actor.username,
      action: 'job.refund',
      target: String(jobId),
      ip: actor.ip,
      details: { amount: amountToDecimal(give), comment: text },
    });
    return (await store.jobs.byId(jobId))!;
  }

  return { charge, refund, findPrinter };
}

export type ChargingService = ReturnType<typeof createChargingService>;
