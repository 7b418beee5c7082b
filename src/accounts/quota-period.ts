/**
 * The name of the quota period a moment falls in, the same string on every server: a day
 * ('2026-12-02'), an ISO week ('2026-W49', weeks start on Monday), a month ('2026-12'), each in the
 * organisation's time zone, or for a cron schedule the latest tick not after the moment (ISO UTC).
 * A group's quota is allocated once per period name (accounts/group-accounts.service.ts).
 */
import { Cron } from 'croner';
import type { QuotaPeriod } from '../db/accounting.schema.js';

/** The calendar date of `at` in `timeZone`. */
function localDate(at: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, part) => ({ ...acc, [part.type]: part.value }), {});
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 week-numbering year and week of a calendar date. */
function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const start = Date.UTC(date.getUTCFullYear(), 0, 1);
  return { year: date.getUTCFullYear(), week: Math.ceil(((date.getTime() - start) / 86_400_000 + 1) / 7) };
}

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

/**
 * The moment the calendar month of `at` began in `timeZone` (midnight on the 1st there), as an
 * ISO time: where "this month" starts for the User Web Interface's Summary.
 */
export function monthStart(at: Date, timeZone: string): string {
  const { year, month } = localDate(at, timeZone);
  return instantOfWall(Date.UTC(year, month - 1, 1), timeZone);
}

/**
 * The moment the day `daysBack` days before `at`'s day began in `timeZone` (midnight there), as an
 * ISO time: dayStart(now, zone, 0) is where today began.
 */
export function dayStart(at: Date, timeZone: string, daysBack = 0): string {
  const { year, month, day } = localDate(at, timeZone);
  return instantOfWall(Date.UTC(year, month - 1, day - daysBack), timeZone);
}

/** The moment a wall-clock time in `timeZone` (milliseconds since the epoch read as UTC) happens. */
function instantOfWall(wall: number, timeZone: string): string {
  // The zone's offset at a moment: its wall clock read as UTC, minus the moment. Twice, so a
  // wall time just after a daylight-saving change lands on the offset in force then.
  const offsetAt = (moment: number) => localDateTime(new Date(moment), timeZone) - moment;
  let guess = wall - offsetAt(wall);
  guess = wall - offsetAt(guess);
  return new Date(guess).toISOString();
}

/** The wall-clock time of `at` in `timeZone`, as milliseconds since the epoch read as UTC. */
function localDateTime(at: Date, timeZone: string): number {
  const parts = new Map(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((part): [Intl.DateTimeFormatPartTypes, number] => [part.type, Number(part.value)]),
  );
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.get(type) ?? 0;
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
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
