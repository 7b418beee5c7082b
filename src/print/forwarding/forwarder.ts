/**
 * The forwarder: sends each charged job's document on to its printer's destination (an IPP
 * printer or a CUPS queue) and follows it there to its end. Every server runs one; a job is worked
 * on by the server holding its lease (print-jobs.repository.ts `claimForForwarding`), renewed
 * every third of its length while the job is sent and followed, so with several servers each job
 * is forwarded once, and a server that dies leaves its jobs to the others when the lease runs out.
 *
 *   claimed (processing) ─ Print-Job ─ destination_job_id recorded ─ Get-Job-Attributes … ─ completed
 *        │ printer down, busy, timed out: back to pending (job-queued), next try after 5 s, 10 s … 5 min
 *        │ printer refuses the document, or aborts/cancels the job: aborted, the charge refunded once
 *        │ still at the printer after a minute: handed back (processing, no lease), claimed again to follow
 *        └ re-claimed with a destination_job_id: followed, not sent again (unless the printer forgot it)
 *
 *   const forwarder = startForwarder({ ...printDeps, status }, { pollMs: 1000 });
 *   await forwarder.stop(); // jobs in hand go back to pending for the next server; no hang
 */
import type { PrinterRow } from '../../db/accounting.schema.js';
import type { PrintJobRow } from '../../db/print.schema.js';
import { endJob, iso, later, REASON, refundCharge, SYSTEM, type PrintDeps } from '../print-context.js';
import { createAttempt, retry, type Outcome } from './forward-attempt.js';
import type { PrinterStatusService } from './printer-status.js';

export interface ForwarderOptions {
  /** How long a claim on a job lasts unless renewed (default 60 s); renewed every third of it. */
  leaseMs?: number;
  /** How often to look for jobs due when there is room (default 1 s). */
  pollMs?: number;
  /** How often a job at the printer is asked after (default 2 s). */
  followMs?: number;
  /**
   * How long one claim follows a job at the printer (default 60 s) before handing it back to be
   * claimed again: jobs waiting at a printer (out of paper, queued at CUPS) keep no slot.
   */
  followSliceMs?: number;
  /** The first retry's delay (default 5 s), doubled each attempt up to `maxBackoffMs` (5 min). */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  /** No byte to or from the printer for this long fails the attempt (default 30 s). */
  requestTimeoutMs?: number;
  /** Jobs this server sends or follows at once (default 8). */
  concurrency?: number;
  /** How often every printer's state is polled (default 30 s). */
  statusPollMs?: number;
  /** The lease holder's name (default: this server's); tests run two forwarders in one process. */
  owner?: string;
}

export type ForwarderDeps = PrintDeps & { status: PrinterStatusService };

export function startForwarder(deps: ForwarderDeps, options: ForwarderOptions = {}) {
  const o = {
    leaseMs: 60_000,
    pollMs: 1_000,
    followMs: 2_000,
    followSliceMs: 60_000,
    firstBackoffMs: 5_000,
    maxBackoffMs: 5 * 60_000,
    requestTimeoutMs: 30_000,
    concurrency: 8,
    statusPollMs: 30_000,
    ...options,
  };
  const { printJobs, clock } = deps;
  const owner = o.owner ?? deps.owner;
  const shutdown = new AbortController();
  const active = new Set<Promise<void>>();
  let filling: Promise<void> | null = null;
  let polling: Promise<void> | null = null;
  const mine = { states: ['processing'], leaseOwner: owner } as const;
  const { attempt } = createAttempt({ ...deps, ...o, mine });

  const backoff = (attempts: number) =>
    Math.min(o.firstBackoffMs * 2 ** Math.max(0, Math.min(attempts - 1, 20)), o.maxBackoffMs);

  async function destinationOf(row: PrintJobRow): Promise<PrinterRow | undefined> {
    const id = row.released_printer_id ?? row.queue_id;
    return id === null ? undefined : deps.store.printers.byId(id);
  }

  async function settle(row: PrintJobRow, printer: PrinterRow | undefined, outcome: Outcome) {
    const now = iso(clock.now());
    if (outcome.kind === 'completed') {
      if (outcome.impressions !== null)
        await printJobs.update(row.id, mine, { impressions_completed: outcome.impressions });
      await endJob(deps, row.id, mine, {
        state: 'completed',
        state_reasons: 'job-completed-successfully',
        state_message: '',
      });
    } else if (outcome.kind === 'aborted') {
      // The conditional end first: of two servers (or two attempts) one ends it, and only it refunds.
      const ended = await endJob(deps, row.id, mine, {
        state: 'aborted',
        state_reasons: REASON.abortedBySystem,
        state_message: outcome.message.slice(0, 1000),
      });
      if (ended && row.charged_job_id !== null)
        await refundCharge(deps, row.charged_job_id, `Not printed: ${outcome.message}`.slice(0, 500), SYSTEM);
    } else if (outcome.kind === 'retry' || outcome.kind === 'stopped') {
      const retrying = outcome.kind === 'retry';
      await printJobs.update(row.id, mine, {
        state: 'pending',
        state_reasons: REASON.queued,
        ...(retrying ? { state_message: outcome.message.slice(0, 1000) } : {}),
        ...(retrying && outcome.forget ? { destination_job_id: null } : {}),
        next_attempt_at: retrying ? later(clock, outcome.delayMs ?? backoff(row.attempts)) : now,
        lease_owner: null,
        lease_until: null,
      });
      if (retrying && printer && !shutdown.signal.aborted) await deps.status.check(printer, shutdown.signal);
    } else if (outcome.kind === 'later') {
      await printJobs.update(row.id, mine, {
        next_attempt_at: later(clock, o.followMs),
        lease_owner: null,
        lease_until: null,
      });
    }
  }

  /** Renews the job's lease every third of it; aborts the attempt if another server took it. */
  function keepLease(id: number, lost: AbortController) {
    const timer = setInterval(() => {
      void printJobs
        .update(id, mine, { lease_until: later(clock, o.leaseMs) })
        .then((kept) => (kept ? undefined : lost.abort()))
        .catch((error: unknown) =>
          deps.log?.warn({ err: error, job: id }, 'could not renew a print job’s lease'),
        );
    }, o.leaseMs / 3);
    timer.unref();
    return () => clearInterval(timer);
  }

  async function forward(row: PrintJobRow): Promise<void> {
    const lost = new AbortController();
    const signal = AbortSignal.any([shutdown.signal, lost.signal]);
    const release = keepLease(row.id, lost);
    try {
      const printer = await destinationOf(row);
      const outcome: Outcome = !printer
        ? { kind: 'aborted', message: 'The printer was deleted before the job was printed.' }
        : printer.destination_uri === ''
          ? retry('Waiting until the printer has a destination.', false, o.maxBackoffMs)
          : await attempt(row, printer, signal);
      if (lost.signal.aborted || outcome.kind === 'lost') return;
      await settle(row, printer, outcome);
    } finally {
      release();
    }
  }

  /** Claims due jobs while there is room, each forwarded in the background. */
  async function fill(): Promise<void> {
    while (!shutdown.signal.aborted && active.size < o.concurrency) {
      const row = await printJobs.claimForForwarding(owner, iso(clock.now()), later(clock, o.leaseMs));
      if (!row) return;
      const work: Promise<void> = forward(row)
        .catch((error: unknown) =>
          deps.log?.warn(
            { err: error, job: row.id },
            'forwarding a print job failed; its lease runs out and it is tried again',
          ),
        )
        .finally(() => {
          active.delete(work);
          tick();
        });
      active.add(work);
    }
  }

  function tick(): void {
    if (shutdown.signal.aborted || filling) return;
    filling = fill()
      .catch((error: unknown) => deps.log?.warn({ err: error }, 'looking for print jobs to forward failed'))
      .finally(() => {
        filling = null;
      });
  }

  function pollStatus(): void {
    if (shutdown.signal.aborted || polling) return;
    polling = deps.status
      .pollAll(shutdown.signal)
      .catch((error: unknown) => deps.log?.warn({ err: error }, 'polling the printers’ state failed'))
      .finally(() => {
        polling = null;
      });
  }

  const claimTimer = setInterval(tick, o.pollMs);
  const statusTimer = setInterval(pollStatus, o.statusPollMs);
  claimTimer.unref();
  statusTimer.unref();
  tick();
  pollStatus();

  return {
    /** Looks for due jobs now (tests; a release could call it). */
    poke: tick,
    /** Stops claiming, ends the attempts in hand (their jobs back to pending), waits for them. */
    async stop(): Promise<void> {
      shutdown.abort();
      clearInterval(claimTimer);
      clearInterval(statusTimer);
      while (filling || polling || active.size > 0) await Promise.all([filling, polling, ...active]);
    },
  };
}

export type Forwarder = ReturnType<typeof startForwarder>;
