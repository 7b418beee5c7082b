/**
 * Releasing and cancelling jobs. A held job is released once: the release takes it with one
 * conditional UPDATE (held → pending under this server's lease), so of two releases at the same
 * moment, on one server or two, one wins and the other is told the job was released meanwhile.
 * It is then charged through the charging service at the rates of the printer it is released to
 * (a Find-Me queue's member chosen now); an account that will not pay puts the job back on hold
 * with the reason as its job-state-message, so the user can add credit and try again before it
 * expires.
 *
 *   const result = await release(42, { username: 'alice', ip, admin: false }, 'library');
 *   if (result.status === 'denied') show(result.reason);
 */
import type { PrinterRow } from '../db/accounting.schema.js';
import type { PrintJobRow } from '../db/print.schema.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { ChargeResult } from '../jobs/charging.service.js';
import { normalizeUsername } from '../users/username.js';
import { chargeRequest } from './job-intake.js';
import {
  checkRequester,
  endJob,
  iso,
  later,
  REASON,
  refundCharge,
  RELEASE_LEASE_MS,
  requireJob,
  type PrintDeps,
  type Requester,
} from './print-context.js';
import { presentPrintJob, type PrintJob } from './print-job.presenter.js';
import { fullName, pickByName } from './queues.service.js';

export type ReleaseResult =
  | { status: 'released'; job: PrintJob; cost: number; account: string; balance: number }
  | { status: 'denied'; job: PrintJob; reason: string };

/** What a job goes back to when its release does not go through. */
const BACK_ON_HOLD = {
  state: 'pending-held',
  state_reasons: REASON.held,
  released_at: null,
  released_by: '',
  released_printer_id: null,
  released_printer_name: '',
  lease_owner: null,
  lease_until: null,
} as const;

export function createRelease(
  deps: PrintDeps,
  settle: (id: number, result: Extract<ChargeResult, { status: 'printed' }>) => Promise<boolean>,
) {
  const { printJobs, store, clock } = deps;

  /** The printer a held job prints on: its queue's own, or the Find-Me member named. */
  async function targetOf(row: PrintJobRow, printer: string | undefined): Promise<PrinterRow> {
    const queue = row.queue_id === null ? undefined : await store.printers.byId(row.queue_id);
    if (!queue) throw new ConflictError('The queue this job was sent to no longer exists.');
    if (queue.kind === 'find-me') {
      if (printer === undefined || printer === '')
        throw new ValidationError({ printer: 'Choose the printer to print on.' });
      const member = pickByName(await store.printers.findMeMembers(queue.id), printer);
      if (!member)
        throw new ValidationError({
          printer: `"${printer}" is not a printer of the Find-Me queue ${fullName(queue)}.`,
        });
      return member;
    }
    if (printer !== undefined && printer !== '' && !pickByName([queue], printer))
      throw new ValidationError({ printer: `This job prints on ${fullName(queue)} only.` });
    return queue;
  }

  async function release(jobId: number, by: Requester, printer?: string): Promise<ReleaseResult> {
    const row = await requireJob(deps, jobId);
    checkRequester(row, by);
    if (row.state !== 'pending-held') throw new ConflictError('The job is not waiting to be released.');
    const target = await targetOf(row, printer);
    const taken = await printJobs.update(
      row.id,
      { states: ['pending-held'] },
      {
        state: 'pending',
        state_reasons: REASON.queued,
        state_message: '',
        released_at: iso(clock.now()),
        released_by: by.username,
        released_printer_id: target.id,
        released_printer_name: fullName(target),
        lease_owner: deps.owner,
        lease_until: later(clock, RELEASE_LEASE_MS),
      },
    );
    if (!taken) throw new ConflictError('The job was released, cancelled or deleted meanwhile.');
    const backOnHold = (message: string) =>
      printJobs.update(
        row.id,
        { states: ['pending'], leaseOwner: deps.owner, uncharged: true },
        { ...BACK_ON_HOLD, state_message: message.slice(0, 1000) },
      );
    let result: ChargeResult;
    try {
      result = await deps.charging.charge(
        chargeRequest(row, { pages: row.pages, colorPages: row.color_pages }, target),
      );
    } catch (error) {
      await backOnHold('');
      throw error;
    }
    if (result.status === 'denied') {
      await backOnHold(result.reason);
      return {
        status: 'denied',
        job: presentPrintJob((await printJobs.byId(row.id))!),
        reason: result.reason,
      };
    }
    if (!(await settle(row.id, result)))
      throw new ConflictError('The job was cancelled while it was released; its charge was given back.');
    await recordByAdmin(row, by, 'print-job.release', { printer: fullName(target) });
    const { jobId: _charged, status: _status, ...charge } = result;
    return { status: 'released', job: presentPrintJob((await printJobs.byId(row.id))!), ...charge };
  }

  /** An administrator acting on someone else's job is in the audit log. */
  async function recordByAdmin(
    row: PrintJobRow,
    by: Requester,
    action: string,
    details: Record<string, unknown>,
  ) {
    if (normalizeUsername(by.username) === row.username) return;
    await deps.audit.record({
      actor: by.username,
      action,
      target: String(row.id),
      ip: by.ip,
      details: { user: row.username, ...details },
    });
  }

  /**
   * Cancels a job not yet printing: a held or arriving one ends uncharged; one charged and waiting
   * for its printer gets its charge back.
   */
  async function cancel(jobId: number, by: Requester): Promise<PrintJob> {
    const row = await requireJob(deps, jobId);
    checkRequester(row, by);
    // A job its printer already has (being sent, or handed back between follow-ups) prints anyway:
    // cancelling it here would refund a printout.
    if (row.state === 'processing' || row.destination_job_id !== null)
      throw new ConflictError('The job is at its printer and can no longer be cancelled here.');
    const own = normalizeUsername(by.username) === row.username;
    const ended = await endJob(
      deps,
      row.id,
      { states: ['pending', 'pending-held'], notAtPrinter: true },
      {
        state: 'canceled',
        state_reasons: own ? REASON.canceledByUser : REASON.canceledByOperator,
        state_message: '',
      },
    );
    if (!ended) throw new ConflictError('The job has ended or is printing; it cannot be cancelled.');
    // Read after the change: a charge linked before it is given back here; one linked after it
    // finds the job cancelled and is given back by its own flow (job-intake.ts `settle`).
    const now = (await printJobs.byId(row.id))!;
    if (now.charged_job_id !== null)
      await refundCharge(deps, now.charged_job_id, 'Cancelled before printing', by);
    await recordByAdmin(row, by, 'print-job.cancel', {});
    return presentPrintJob(now);
  }

  return { release, cancel };
}
