/**
 * What Jobs Pending Release and a release station show and do: a user's held jobs, each with the
 * printers it may be released to — its queue's printer, or the Find-Me members the user may print
 * on — narrowed to a station's printers when the page is a release station. Releasing or cancelling
 * goes through `printJobs` as the job's owner; a job the user cannot see here (someone else's,
 * released meanwhile, not at this station) is one ConflictError, whichever of these it is.
 *
 *   const station = await pendingRelease.station(['ps1\\library', 'anywhere']);
 *   const jobs = await pendingRelease.jobsFor({ id, username }, station); // [{ id, printers: [...] }]
 *   await pendingRelease.release({ id, username }, jobs[0].id, 'ps1\\library', ip, station);
 */
import type { AccountingStore } from '../accounts/accounting-store.js';
import type { PrinterRow } from '../db/accounting.schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { localText } from '../i18n/local-text.js';
import type { Clock } from '../ports.js';
import type { HeldJob, PrintJobsService, ReleaseResult } from '../print/print-jobs.service.js';
import { fullName, isAccepting, type QueuesService } from '../print/queues.service.js';

/** The most printers a station names (its address stays short enough for any browser). */
const MAX_STATION_PRINTERS = 50;

/** A printer a job may be released to: "server\name" (what the form sends) and what users read. */
export interface ReleaseTarget {
  name: string;
  label: string;
}

export interface PendingJob extends HeldJob {
  /** Held on a Find-Me queue: the user picks one of `printers` at release. */
  findMe: boolean;
  printers: ReleaseTarget[];
}

/** The printers a release station serves (their ids); undefined: every printer (the user's own page). */
export type Station = ReadonlySet<number> | undefined;

/**
 * The job is not among the user's pending jobs (here): someone else's, released or cancelled
 * meanwhile, not at this station. One error for all, so nothing is said about which.
 */
const gone = () => new ConflictError(localText('release.done.gone'));

const targetOf = (printer: PrinterRow): ReleaseTarget => ({
  name: fullName(printer),
  label: printer.display_name || printer.name,
});

export function createPendingReleaseService(deps: {
  store: AccountingStore;
  queues: Pick<QueuesService, 'require'>;
  printJobs: Pick<PrintJobsService, 'held' | 'release' | 'cancel'>;
  clock: Clock;
}) {
  const { store, clock } = deps;

  /** Whether a held job's queue is Find-Me, and the printers the user may release it to now. */
  async function targets(
    queueId: number | null,
    userId: number,
    station: Station,
  ): Promise<Pick<PendingJob, 'findMe' | 'printers'>> {
    const queue = queueId === null ? undefined : await store.printers.byId(queueId);
    if (!queue) return { findMe: false, printers: [] };
    if (queue.kind !== 'find-me')
      return { findMe: false, printers: station && !station.has(queue.id) ? [] : [targetOf(queue)] };
    const printers: ReleaseTarget[] = [];
    for (const member of await store.printers.findMeMembers(queue.id)) {
      if ((station && !station.has(member.id)) || !isAccepting(member, clock.now())) continue;
      const [access] = await store.printers.forCharge(undefined, member.id, userId);
      if (access?.allowed) printers.push(targetOf(member));
    }
    return { findMe: true, printers };
  }

  async function jobsFor(user: { id: number; username: string }, station?: Station): Promise<PendingJob[]> {
    const jobs: PendingJob[] = [];
    for (const job of await deps.printJobs.held({ username: user.username })) {
      const target = await targets(job.queueId, user.id, station);
      // On the user's own page every held job is listed (it can be cancelled even when it cannot
      // print now); a station lists only what it can print.
      if (station && target.printers.length === 0) continue;
      jobs.push({ ...job, ...target });
    }
    return jobs;
  }

  async function pendingJob(user: { id: number; username: string }, jobId: number, station: Station) {
    const job = (await jobsFor(user, station)).find((candidate) => candidate.id === jobId);
    if (!job) throw gone();
    return job;
  }

  /** The print service's "not found / not held any more" as the one ConflictError pages show as gone. */
  const asGone = (error: unknown): never => {
    if (error instanceof NotFoundError || error instanceof ConflictError) throw gone();
    throw error;
  };

  return {
    jobsFor,

    /**
     * The printers of a station, named as `quire printer list` names them ("server\name", or the
     * queue name); a Find-Me queue stands for its members. Unknown names are a ValidationError.
     */
    async station(names: readonly string[]): Promise<ReadonlySet<number>> {
      const unique = [...new Set(names.map((name) => name.trim()).filter(Boolean))];
      if (unique.length > MAX_STATION_PRINTERS)
        throw new ValidationError({
          printers: localText('release.station.tooMany', { max: MAX_STATION_PRINTERS }),
        });
      const ids = new Set<number>();
      for (const name of unique) {
        const printer = await deps.queues.require(name).catch((error: unknown) => {
          if (error instanceof NotFoundError || error instanceof ValidationError) return undefined;
          throw error;
        });
        if (!printer) throw new ValidationError({ printers: localText('release.station.unknown', { name }) });
        if (printer.kind === 'find-me')
          for (const member of await store.printers.findMeMembers(printer.id)) ids.add(member.id);
        else ids.add(printer.id);
      }
      return ids;
    },

    /**
     * Releases the user's held job to `printer` (one of the job's `printers`; may be omitted when
     * there is just one). A choice not offered is a ValidationError on field `printer`.
     */
    async release(
      user: { id: number; username: string },
      jobId: number,
      printer: string,
      ip: string,
      station?: Station,
    ): Promise<ReleaseResult> {
      const job = await pendingJob(user, jobId, station);
      const chosen =
        printer === '' && job.printers.length === 1
          ? job.printers[0]
          : job.printers.find((target) => target.name === printer);
      if (!chosen)
        throw new ValidationError({
          printer: localText(job.printers.length === 0 ? 'release.noPrinter' : 'release.choosePrinter'),
        });
      return deps.printJobs
        .release(job.id, { username: user.username, ip, admin: false }, job.findMe ? chosen.name : undefined)
        .catch(asGone);
    },

    /** Cancels the user's held job (uncharged). */
    async cancel(user: { id: number; username: string }, jobId: number, ip: string, station?: Station) {
      const job = await pendingJob(user, jobId, station);
      return deps.printJobs.cancel(job.id, { username: user.username, ip, admin: false }).catch(asGone);
    },
  };
}

export type PendingReleaseService = ReturnType<typeof createPendingReleaseService>;
