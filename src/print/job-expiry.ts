/**
 * The print service's housekeeping, run once a minute by every server (print.scheduler.ts): each
 * step is a conditional UPDATE per job, so two servers running it at once act on each job once.
 *
 * 1. Held jobs not released in time end aborted, uncharged, their document removed (PaperCut
 *    deletes held jobs after 30 minutes by default; the Options page sets it).
 * 2. Jobs a server was receiving or releasing when it stopped (lease run out, not charged): the job
 *    log says whether the charge went through (`jobs.print_job_id`, written with the charge). If it
 *    did, the job is linked to it and waits for its printer; if not, a job being released goes back
 *    on hold and one still arriving ends aborted.
 * 3. Documents of ended jobs that are still in the spool are removed.
 * 4. Ended jobs are forgotten a day after they ended.
 */
import type { PrintJobRow } from '../db/print.schema.js';
import { endJob, ENDED_RETENTION_MS, iso, REASON, discardDocument, type PrintDeps } from './print-context.js';

const BATCH = 500;

export interface ExpiryReport {
  /** Held jobs deleted uncharged. */
  expired: number;
  /** Jobs taken over from a server that stopped. */
  recovered: number;
  /** Documents of ended jobs removed. */
  removed: number;
  /** Ended jobs forgotten. */
  purged: number;
}

export function createExpiry(deps: PrintDeps) {
  const { printJobs, clock } = deps;

  async function expireHeld(now: string): Promise<number> {
    const { heldJobExpiryMinutes } = await deps.settings.get();
    let expired = 0;
    for (const row of await printJobs.expiredHeld(now, BATCH)) {
      const ended = await endJob(
        deps,
        row.id,
        { states: ['pending-held'] },
        {
          state: 'aborted',
          state_reasons: REASON.abortedBySystem,
          state_message: `Not released within ${heldJobExpiryMinutes} minutes: deleted, nothing charged.`,
        },
      );
      if (ended) expired++;
    }
    return expired;
  }

  async function recover(row: PrintJobRow, now: string): Promise<boolean> {
    const when = { states: ['pending'], uncharged: true, leaseBefore: now } as const;
    const charged = await printJobs.chargeOf(row.id);
    if (charged !== undefined)
      return printJobs.update(row.id, when, {
        charged_job_id: charged,
        state_reasons: REASON.queued,
        next_attempt_at: now,
        lease_owner: null,
        lease_until: null,
      });
    if (row.released_at !== null)
      return printJobs.update(row.id, when, {
        state: 'pending-held',
        state_reasons: REASON.held,
        state_message: '',
        released_at: null,
        released_by: '',
        released_printer_id: null,
        released_printer_name: '',
        lease_owner: null,
        lease_until: null,
      });
    return endJob(deps, row.id, when, {
      state: 'aborted',
      state_reasons: REASON.abortedBySystem,
      state_message: 'The document did not arrive completely.',
    });
  }

  return {
    async expire(): Promise<ExpiryReport> {
      const now = iso(clock.now());
      const expired = await expireHeld(now);
      let recovered = 0;
      for (const row of await printJobs.stale(now, BATCH)) if (await recover(row, now)) recovered++;
      const leftovers = await printJobs.endedWithFiles(BATCH);
      for (const row of leftovers) await discardDocument(deps, row.id);
      const purged = await printJobs.purgeEnded(iso(new Date(clock.now().getTime() - ENDED_RETENTION_MS)));
      return { expired, recovered, removed: leftovers.length, purged };
    },
  };
}
