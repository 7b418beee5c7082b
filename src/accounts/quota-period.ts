/**
 * The name of the quota period a moment falls in, the same string on every server: a day
 * ('2026-12-02'), an ISO week ('2026-W49', weeks start on Monday), a month ('2026-12'), each in the
 * organisation's time zone, or for a cron schedule the latest tick not after the moment (ISO UTC).
 * A group's quota is allocated once per period name (accounts/group-accounts.service.ts).
 */
import { Cron } from 'croner';
import type { QuotaPeriod } from '../db/accounting.schema.js';
import { isoWeek, localDate } from './calendar.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The latest tick of `pattern` not after `at`, searching back at most `lookBackDays`. */
export function lastCronTick(pattern: string, at: Date, timeZone: string, lookBackDays = 400): Date | null {
  const cron = new Cron(pattern, { timezone: timeZone, paused: true });
  let tick: Date | null = null;
  let from = new Date(at.getTime() - lookBackDays * 86_400_000);
  // Jump close first: the first tick after a point a day back, then step; bounded either way.
  for (const back of [1, 7, 31, lookBackDays]) {
    const start = new Date(at.getTime() - back * 86_400_000);
    const first = cron.nextRun(start);
    if (first && first <= at) {
      from = start;
      break;
    }
  }
  for (
    let t = cron.nextRun(from), steps = 0;
    t && t <= at && steps < 100_000;
    t = cron.nextRun(t), steps += 1
  ) {
    tick = t;
  }
  cron.stop();
  return tick;
}

export function periodName(period: QuotaPeriod, cron: string, at: Date, timeZone: string): string | null {
  const { year, month, day } = localDate(at, timeZone);
  switch (period) {
    case 'none':
      return null;
    case 'daily':
      return `${year}-${pad(month)}-${pad(day)}`;
    case 'weekly': {
      const week = isoWeek(year, month, day);
      return `${week.year}-W${pad(week.week)}`;
    }
    case 'monthly':
      return `${year}-${pad(month)}`;
    case 'cron':
      return lastCronTick(cron, at, timeZone)?.toISOString() ?? null;
  }
}

/** Whether croner accepts the pattern (a quota's custom schedule). */
export function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return pattern.trim() !== '';
  } catch {
    return false;
  }
}
