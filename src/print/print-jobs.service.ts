/**
 * Print jobs from arrival to hand-over: what the IPP endpoint, the release pages and the CLI call.
 * A job's document waits in the spool; a queue that holds jobs (and every Find-Me queue) keeps it
 * pending-held and uncharged until it is released, a charged job waits (pending, job-queued) for
 * the forwarder to send it to its printer. Page counting is a port given with each document
 * (src/documents' countPages in the server), so this service knows no document format.
 *
 *   const job = await printJobs.receive(
 *     { queue: 'library', username: 'alice', documentName: 'Essay.pdf', options: { copies: 2 } },
 *     { stream: request.raw, format: 'application/pdf' },
 *     countPages,
 *   ); // job.state: 'pending-held' on a queue that holds jobs; 'pending' once charged; 'aborted' when refused
 *   await printJobs.release(job.id, { username: 'alice', ip, admin: false });
 */
import type { PrinterRow } from '../db/accounting.schema.js';
import type { PrintJobState } from '../db/print.schema.js';
import type { SizeCost } from '../printers/printers.repository.js';
import { jobCost } from '../printers/cost-model.js';
import { normalizeUsername } from '../users/username.js';
import { createExpiry } from './job-expiry.js';
import { createIntake, shapeOf, type NewPrintJob } from './job-intake.js';
import { createRelease } from './job-release.js';
import { requireJob, type PrintDeps } from './print-context.js';
import { startForwarder, type ForwarderOptions } from './forwarding/forwarder.js';
import type { PrinterStatusService } from './forwarding/printer-status.js';
import { presentPrintJob, type PrintJob } from './print-job.presenter.js';
import { ENDED_STATES } from './print-jobs.repository.js';

export type { IncomingDocument, NewPrintJob } from './job-intake.js';
export type { ReleaseResult } from './job-release.js';
export type { Requester } from './print-context.js';
export type { PrintJob } from './print-job.presenter.js';
export type { CountPages, DocumentCount, PageRange, PrintOptions } from './page-count.js';

/** IPP Get-Jobs' which-jobs, plus the held jobs alone. */
export type WhichJobs = 'not-completed' | 'completed' | 'all' | 'held';

const WHICH_STATES: ReadonlyMap<WhichJobs, readonly PrintJobState[] | undefined> = new Map([
  ['not-completed', ['pending', 'pending-held', 'processing']],
  ['completed', ENDED_STATES],
  ['all', undefined],
  ['held', ['pending-held']],
]);

export interface PrintJobQuery {
  /** A queue's name (or "server\name"). */
  queue?: string;
  username?: string;
  which?: WhichJobs;
  /** Jobs with an id below this (the next page, newest first). */
  before?: number;
  limit?: number;
}

/** A held job with what it would cost on its queue's printer (null on a Find-Me queue: it depends on the printer chosen). */
export type HeldJob = PrintJob & { cost: number | null };

export function createPrintJobsService(deps: PrintDeps) {
  const { printJobs, store } = deps;
  const intake = createIntake(deps);
  const { release, cancel } = createRelease(deps, intake.settle);
  const { expire } = createExpiry(deps);

  /** The rows a query selects. */
  async function rowsOf(query: PrintJobQuery) {
    const queue = query.queue === undefined ? undefined : await deps.queues.require(query.queue);
    return printJobs.page(
      {
        queueId: queue?.id,
        username: query.username === undefined ? undefined : normalizeUsername(query.username),
        states: WHICH_STATES.get(query.which ?? 'not-completed'),
        before: query.before,
      },
      Math.min(query.limit ?? 100, 1000),
    );
  }

  /** Held jobs newest first (a user's, a queue's, or all), each with its cost. */
  async function held(query: Pick<PrintJobQuery, 'username' | 'queue' | 'limit'> = {}): Promise<HeldJob[]> {
    const rows = await rowsOf({ ...query, which: 'held', limit: query.limit ?? 1000 });
    const prices = new Map<number, { queue: PrinterRow; sizes: SizeCost[] } | null>();
    for (const row of rows) {
      if (row.queue_id === null || prices.has(row.queue_id)) continue;
      const queue = await store.printers.byId(row.queue_id);
      prices.set(
        row.queue_id,
        queue?.kind === 'printer' ? { queue, sizes: await store.printers.sizeCosts(queue.id) } : null,
      );
    }
    return rows.map((row) => {
      const price = row.queue_id === null ? null : (prices.get(row.queue_id) ?? null);
      return { ...presentPrintJob(row), cost: price && jobCost(price.queue, price.sizes, shapeOf(row)) };
    });
  }

  return {
    /** Refuses a job before anything is stored: unknown or disabled queue, unknown user, no access (Validate-Job). */
    async check(job: Pick<NewPrintJob, 'queue' | 'username'>): Promise<void> {
      await intake.check(job);
    },
    createJob: intake.createJob,
    sendDocument: intake.sendDocument,
    receive: intake.receive,
    release,
    cancel,
    expire,

    /** Starts this server's forwarder (`quire serve`; tests with short intervals): forwarding/forwarder.ts. */
    startForwarder: (status: PrinterStatusService, options?: ForwarderOptions) =>
      startForwarder({ ...deps, status }, options),

    async get(jobId: number): Promise<PrintJob> {
      return presentPrintJob(await requireJob(deps, jobId));
    },

    /** Jobs newest first (at most 1000 at a time): IPP's Get-Jobs. */
    list: async (query: PrintJobQuery = {}): Promise<PrintJob[]> =>
      (await rowsOf(query)).map(presentPrintJob),

    /** A user's held jobs, newest first, each with its cost (Jobs Pending Release). */
    heldFor: (username: string) => held({ username }),
    held,
  };
}

export type PrintJobsService = ReturnType<typeof createPrintJobsService>;
