/**
 * Calendar days, ISO weeks and months in the organisation's time zone, as the moments they begin
 * (ISO times, comparable with stored `created_at` values). Quotas name their periods with these
 * (quota-period.ts); the Dashboard counts "today" and "this week" from them, and the logs' date
 * filters turn a typed date into the moment it began.
 *
 *   dayStart(new Date('2026-12-02T10:00:00Z'), 'Europe/Berlin')  // '2026-12-01T23:00:00.000Z'
 *   dateStart('2026-12-02', 'Europe/Berlin', 1)                   // '2026-12-02T23:00:00.000Z'
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The calendar date of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): CalendarDate {
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

/** ISO 8601 week-numbering year and week of a calendar date. */
export function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const start = Date.UTC(date.getUTCFullYear(), 0, 1);
  return { year: date.getUTCFullYear(), week: Math.ceil(((date.getTime() - start) / 86_400_000 + 1) / 7) };
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

/**
 * The moment a calendar day began in `timeZone` (midnight there), as an ISO time. A day past the
 * month's end rolls over (the 32nd of December is the 1st of January), so callers can add days.
 */
function midnight({ year, month, day }: CalendarDate, timeZone: string): string {
  const wall = Date.UTC(year, month - 1, day);
  // The zone's offset at a moment: its wall clock read as UTC, minus the moment. Twice, so a
  // day that begins just after a daylight-saving change lands on the offset in force then.
  const offsetAt = (moment: number) => localDateTime(new Date(moment), timeZone) - moment;
  let guess = wall - offsetAt(wall);
  guess = wall - offsetAt(guess);
  return new Date(guess).toISOString();
}

/**
 * Where the day of `at` began in `timeZone` ("today" on the Dashboard), or the day `daysBack`
 * days before it (the Summary's balance chart).
 */
export function dayStart(at: Date, timeZone: string, daysBack = 0): string {
  const date = localDate(at, timeZone);
  return midnight({ ...date, day: date.day - daysBack }, timeZone);
}

/** Where the ISO week (Monday to Sunday) of `at` began in `timeZone`: "this week". */
export function weekStart(at: Date, timeZone: string): string {
  const date = localDate(at, timeZone);
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() || 7;
  return midnight({ ...date, day: date.day - (weekday - 1) }, timeZone);
}

/**
 * The moment the calendar month of `at` began in `timeZone` (midnight on the 1st there), as an
 * ISO time: where "this month" starts for the User Web Interface's Summary.
 */
export function monthStart(at: Date, timeZone: string): string {
  return midnight({ ...localDate(at, timeZone), day: 1 }, timeZone);
}

/**
 * A typed date (`YYYY-MM-DD`, years 1000 to 9999) as the moment it began in `timeZone`, or that
 * many `days` later (1: the moment it ended); null when the text is not a date of the calendar.
 */
export function dateStart(text: string, timeZone: string, days = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return midnight({ year, month, day: day + days }, timeZone);
}

/** The calendar date of `at` in `timeZone` as `YYYY-MM-DD`, as a date filter takes it. */
export function dateText(at: Date, timeZone: string): string {
  const { year, month, day } = localDate(at, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
