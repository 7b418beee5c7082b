/**
 * The accounting work `quire serve` does on a clock, once a minute: open the personal accounts of
 * users a sync or an import created (with their groups' initial settings), then allocate every
 * group quota whose period has begun, then the print jobs' housekeeping (held jobs expire
 * uncharged, print/job-expiry.ts). Each server runs it; the quota claim makes a period allocate
 * once across all of them (group-accounts.service.ts), and each print job changes by one
 * conditional update. A tick still running when the next is due is not overlapped. `stop()`
 * ends the opening of accounts between two batches (after a first sync of 100,000 users that is
 * seconds of work) and waits for the tick, so the database is not closed under it.
 *
 *   const scheduler = startAccountingScheduler({ accounts, groupAccounts, log }); … await scheduler.stop();
 */
import type { AccountsService } from './accounts.service.js';
import type { GroupAccountsService } from './group-accounts.service.js';
import type { PrintJobsService } from '../print/print-jobs.service.js';

export interface AccountingLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

const TICK_MS = 60_000;

export function startAccountingScheduler(deps: {
  accounts: Pick<AccountsService, 'openMissing'>;
  groupAccounts: Pick<GroupAccountsService, 'allocateQuotas'>;
  printJobs?: Pick<PrintJobsService, 'expire'>;
  log: AccountingLog;
  tickMs?: number;
}) {
  let running: Promise<void> | null = null;
  const stopping = new AbortController();

  async function tick(): Promise<void> {
    try {
      const opened = await deps.accounts.openMissing(stopping.signal);
      if (opened > 0) deps.log.info({ opened }, 'opened personal accounts for new users');
      for (const done of await deps.groupAccounts.allocateQuotas()) {
        deps.log.info(done, 'allocated a group quota');
      }
    } catch (error) {
      deps.log.warn({ err: error }, 'accounting tick failed; the next tick tries again');
    }
    try {
      const done = await deps.printJobs?.expire();
      if (done && (done.expired > 0 || done.recovered > 0))
        deps.log.info(done, 'print jobs expired or recovered');
    } catch (error) {
      deps.log.warn({ err: error }, 'print job expiry failed; the next tick tries again');
    }
  }

  const run = () => {
    if (stopping.signal.aborted || running) return;
    running = tick().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(run, deps.tickMs ?? TICK_MS);
  timer.unref();
  run();

  return {
    /** Runs a tick now (and waits for it), unless one is running. */
    async tickNow(): Promise<void> {
      run();
      await running;
    },
    async stop(): Promise<void> {
      stopping.abort();
      clearInterval(timer);
      await running;
    },
  };
}
