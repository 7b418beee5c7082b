/**
 * Account expiry for guest and visitor accounts: the last day an account works, kept as a calendar
 * day ('YYYY-MM-DD') and read in the organisation's time zone, so "5 December" means until the end
 * of 5 December there. One check, used by every way in: password and card sign-in
 * (auth.service.ts, which IPP Basic authentication and release stations use too), single sign-on,
 * and each request of an existing session (sessions.service.ts).
 *
 *   parseExpiryDate('2026-12-05');                 // '2026-12-05'; '' or 'never' → null; 'soon' → undefined
 *   isExpired('2026-12-05', now, 'Europe/Berlin'); // true from 6 December 00:00 in Berlin
 *   const expiredOn = expiryCheck(clock, timeZone); await expiredOn(user); // '2026-12-05' or null
 */
import type { UserRow } from '../db/schema.js';
import { localText } from '../i18n/local-text.js';
import type { Clock } from '../ports.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** What a form, the CLI, XML-RPC and batch import say about a date they cannot read. */
export const EXPIRY_DATE_PROBLEM = localText('problem.expiryDate');

/** A formatter per time zone: making one costs about 80 µs, more than a page's other work here. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The day `now` is in `timeZone`, as 'YYYY-MM-DD'. */
export function dayIn(now: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    // Time zones are a short list; a bound all the same.
    if (dayFormats.size >= 64) dayFormats.clear();
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * A typed expiry date: a real calendar day 'YYYY-MM-DD' (years 2000–9999), null for '' or "never"
 * (no expiry), undefined for anything else.
 */
export function parseExpiryDate(text: string): string | null | undefined {
  const typed = text.trim();
  if (typed === '' || typed.toLowerCase() === 'never') return null;
  const match = DAY.exec(typed);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 2000 ? typed : undefined;
}

/** Whether an account with this expiry day no longer works at `now` (the day has ended in `timeZone`). */
export function isExpired(expiryDate: string | null, now: Date, timeZone: string): boolean {
  return expiryDate !== null && dayIn(now, timeZone) > expiryDate;
}

/** The day an account expired on, or null while it works: the one check every way in uses. */
export type ExpiryCheck = (user: Pick<UserRow, 'expiry_date'>) => Promise<string | null>;

export function expiryCheck(clock: Clock, timeZone: () => Promise<string>): ExpiryCheck {
  return async (user) =>
    user.expiry_date !== null && isExpired(user.expiry_date, clock.now(), await timeZone())
      ? user.expiry_date
      : null;
}
