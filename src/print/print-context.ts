/**
 * What the print-job flows (intake, release, expiry) share: their dependencies, the timings, and
 * the steps every flow ends with — ending a job and removing its document, giving back a charge
 * that no longer prints, checking who may act on a job.
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AccountingStore } from '../accounts/accounting-store.js';
import type { PrintJobRow, PrintJobsTable } from '../db/print.schema.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { ChargingService } from '../jobs/charging.service.js';
import type { Clock, Random } from '../ports.js';
import type { Options } from '../settings/settings.service.js';
import type { ExpiryCheck } from '../users/account-expiry.js';
import { normalizeUsername } from '../users/username.js';
import type { PrintJobCondition, PrintJobsRepository } from './print-jobs.repository.js';
import type { QueuesService } from './queues.service.js';
import type { Spool } from './spool.js';
import type { Updateable } from 'kysely';

export interface PrintDeps {
  printJobs: PrintJobsRepository;
  store: AccountingStore;
  charging: Pick<ChargingService, 'charge' | 'refund'>;
  queues: Pick<QueuesService, 'require'>;
  spool: Spool;
  settings: { get(): Promise<Pick<Options, 'heldJobExpiryMinutes'>> };
  audit: AuditService;
  clock: Clock;
  random: Random;
  /** The day a user's account expired on, or null while it works (users/account-expiry.ts). */
  expired: ExpiryCheck;
  /** This server's id, written into the leases it takes on jobs. */
  owner: string;
  /** The largest document accepted, in bytes (default MAX_DOCUMENT_BYTES). */
  maxDocumentBytes?: number;
  log?: { warn(details: object, message: string): void };
}

/** Who asks to release or cancel a job: its owner, or an administrator (any job). */
export interface Requester extends Actor {
  admin: boolean;
}

/** IPP's multiple-operation-time-out: how long a Create-Job waits for its Send-Document. */
export const MULTIPLE_OPERATION_TIMEOUT_SECONDS = 300;
/** How long a server may take to receive, count and charge a document before the job counts as lost. */
export const UPLOAD_LEASE_MS = 60 * 60_000;
/** How long a release may take to charge before another server takes the job back to held. */
export const RELEASE_LEASE_MS = 10 * 60_000;
/** How long an ended job stays listed (Get-Jobs which-jobs=completed, the client's last poll). */
export const ENDED_RETENTION_MS = 24 * 3_600_000;
export const MAX_DOCUMENT_BYTES = 1024 ** 3;

/** job-state-reasons keywords (RFC 8011 §5.3.8, PWG 5100.7). */
export const REASON = {
  incoming: 'job-incoming',
  held: 'job-hold-until-specified',
  queued: 'job-queued',
  abortedBySystem: 'aborted-by-system',
  denied: 'aborted-by-system,account-authorization-failed',
  canceledByUser: 'job-canceled-by-user',
  canceledByOperator: 'job-canceled-by-operator',
} as const;

export const iso = (at: Date) => at.toISOString();
export const later = (clock: Clock, ms: number) => iso(new Date(clock.now().getTime() + ms));

export async function requireJob(deps: PrintDeps, id: number): Promise<PrintJobRow> {
  const row = Number.isSafeInteger(id) ? await deps.printJobs.byId(id) : undefined;
  if (!row) throw new NotFoundError(`No print job with id ${id}.`);
  return row;
}

/** The job's owner or an administrator; anyone else is refused. */
export function checkRequester(row: PrintJobRow, by: Requester): void {
  if (!by.admin && normalizeUsername(by.username) !== row.username)
    throw new ForbiddenError('Only the user who printed this job, or an administrator, may do that.');
}

/** Removes the job's document from the spool; a failure is logged and left to the expiry sweep. */
export async function discardDocument(deps: PrintDeps, id: number): Promise<void> {
  const row = await deps.printJobs.byId(id);
  if (!row || row.spool_file === '') return;
  try {
    await deps.spool.remove(row.spool_file);
    await deps.printJobs.clearFile(id, row.spool_file);
  } catch (error) {
    deps.log?.warn(
      { err: error, job: id },
      'could not remove a print job’s document; the expiry sweep tries again',
    );
  }
}

/** Ends the job (if `when` still holds) and removes its document; false when another change came first. */
export async function endJob(
  deps: PrintDeps,
  id: number,
  when: PrintJobCondition,
  set: Pick<Updateable<PrintJobsTable>, 'state' | 'state_reasons' | 'state_message'>,
): Promise<boolean> {
  const ended = await deps.printJobs.update(id, when, {
    ...set,
    completed_at: iso(deps.clock.now()),
    lease_owner: null,
    lease_until: null,
  });
  if (ended) await discardDocument(deps, id);
  return ended;
}

/** Gives back what is left of a charge whose job will not print (cancelled before it did). */
export async function refundCharge(deps: PrintDeps, chargedJobId: number, comment: string, actor: Actor) {
  const job = await deps.store.jobs.byId(chargedJobId);
  if (!job || job.account_id === null || job.cost - job.refunded <= 0) return;
  try {
    await deps.charging.refund(chargedJobId, undefined, comment, actor);
  } catch (error) {
    // Refunded meanwhile (by an administrator): nothing more to give back.
    if (!(error instanceof ConflictError)) throw error;
  }
}

/** The actor recorded for what the print service does by itself (expiry, recovery). */
export const SYSTEM: Actor = { username: 'system', ip: '' };
