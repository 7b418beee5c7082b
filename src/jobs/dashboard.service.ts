/**
 * The Admin Console's Dashboard: what was printed today and this week (days and ISO weeks in the
 * organisation's time zone), the printers and users that printed the most this week, the latest
 * denied jobs and the personal balances. Every figure is one aggregate query over an index
 * (jobs by time, by status; the accounts table for the balances), never a walk over all rows.
 *
 *   const summary = await dashboard.summary();
 *   summary.today.pages // pages printed since midnight in the organisation's zone
 */
import type { AccountingStore } from '../accounts/accounting-store.js';
import { dayStart, weekStart } from '../accounts/calendar.js';
import type { JobRow } from '../db/accounting.schema.js';
import type { Clock } from '../ports.js';
import type { PrintRanking } from './jobs.repository.js';

export const TOP_COUNT = 5;
export const DENIED_COUNT = 10;

export interface DashboardSummary {
  /** Printed (or since refunded) jobs and their pages since midnight. */
  today: { jobs: number; pages: number };
  /** The same since Monday's midnight. */
  week: { jobs: number; pages: number };
  /** When this week began (ISO), for the page to say. */
  weekStart: string;
  topPrinters: PrintRanking[];
  topUsers: PrintRanking[];
  /** The latest denied jobs, newest first, each with its reason. */
  denied: JobRow[];
  personal: { accounts: number; balance: number };
}

export function createDashboardService(deps: {
  store: AccountingStore;
  clock: Clock;
  /** The organisation's time zone, where a day and a week begin. */
  timeZone: () => Promise<string>;
}) {
  const { store } = deps;
  return {
    async summary(): Promise<DashboardSummary> {
      const now = deps.clock.now();
      const zone = await deps.timeZone();
      const today = dayStart(now, zone);
      const week = weekStart(now, zone);
      return {
        today: await store.jobs.totals(today),
        week: await store.jobs.totals(week),
        weekStart: week,
        topPrinters: await store.jobs.top('printer_name', week, TOP_COUNT),
        topUsers: await store.jobs.top('username', week, TOP_COUNT),
        denied: await store.jobs.page({ status: 'denied' }, DENIED_COUNT),
        personal: await store.accounts.personalTotals(),
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
