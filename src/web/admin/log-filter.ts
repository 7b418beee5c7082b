/**
 * The filters the Admin Console's logs share (Job Log, Transaction Log), read from their GET
 * forms: a user, an account and a range of days typed as dates in the organisation's time zone.
 * Here the days become the moments they span; the names are looked up by the services
 * (accounts/log-query.ts), which answer one nobody has with the field's 400.
 *
 *   const filter = readLogFilter(request.query);                  // { user, account, from, to }
 *   const query = logQueryOf(filter, request.formatSettings.timeZone); // throws ValidationError
 */
import { dateStart } from '../../accounts/calendar.js';
import type { LogQuery } from '../../accounts/log-query.js';
import { ValidationError } from '../../errors.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { field } from '../render.js';

/** The filter as typed, for the query and to show again in the form. */
export interface LogFilter {
  user: string;
  account: string;
  /** The first and last day to show, `YYYY-MM-DD`, both included. */
  from: string;
  to: string;
}

export function readLogFilter(query: unknown): LogFilter {
  return {
    user: field(query, 'user').trim().slice(0, 300),
    account: field(query, 'account').trim().slice(0, 500),
    from: field(query, 'from').trim().slice(0, 40),
    to: field(query, 'to').trim().slice(0, 40),
  };
}

/**
 * The days as ISO moments: from the first day's midnight to the midnight after the last, in
 * `timeZone`. A text that is not a date, or a last day before the first, is the field's 400.
 */
function dayRange(filter: LogFilter, timeZone: string): { from?: string; to?: string } {
  const from = filter.from ? dateStart(filter.from, timeZone) : undefined;
  const to = filter.to ? dateStart(filter.to, timeZone, 1) : undefined;
  const problems: Record<string, string> = {};
  if (from === null) problems.from = adminEnglish.t('admin.logs.badDate');
  if (to === null) problems.to = adminEnglish.t('admin.logs.badDate');
  else if (from && to && to <= from) problems.to = adminEnglish.t('admin.logs.toBeforeFrom');
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  return { from: from ?? undefined, to: to ?? undefined };
}

/** What the services take: names left to them, days turned into times; empty fields left out. */
export function logQueryOf(filter: LogFilter, timeZone: string): LogQuery {
  return {
    user: filter.user || undefined,
    account: filter.account || undefined,
    ...dayRange(filter, timeZone),
  };
}

/** A filter (and a page cursor) as query parameters, in the filter's order; empty ones left out. */
export function filterQueryString(filter: object, before?: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter))
    if (typeof value === 'string' && value) params.set(name, value);
  if (before !== undefined) params.set('before', String(before));
  const text = params.toString();
  return text ? `?${text}` : '';
}
