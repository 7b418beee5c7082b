/**
 * Amounts, times and numbers as a page's reader expects them: the organisation's currency and
 * time zone (Options), in the page's language. Built per page by sendPage (web/render.tsx) and
 * read by components through `useFormats()`.
 *
 * Times are day month year, 24-hour, no seconds: '1 Dec 2026, 23:51' in English (British order,
 * which no reader misreads), '1. Dez. 2026, 23:51' in German. Recent times can be told relative
 * to `now` ('3 minutes ago', 'yesterday'), which the page takes from the services' clock.
 *
 *   const f = createFormats({ language: 'de', currency: 'EUR', timeZone: 'Europe/Berlin' });
 *   f.money(12300) // '1,23 €'   f.dateTime('2026-12-02T10:00:00.000Z') // '2. Dez. 2026, 11:00'
 */
import { moneyFormat } from '../accounts/money-format.js';
import { DATE_LOCALES, DAY, formatDay } from './days.js';

export interface FormatSettings {
  language: string;
  currency: string;
  timeZone: string;
  /** The moment relative times count from: the services' clock on a page; the call's time if absent. */
  now?: Date;
}

export interface Formats {
  readonly settings: FormatSettings;
  money(amount: number): string;
  /** A stored ISO time as a date and time in the organisation's zone: '1 Dec 2026, 23:51'. */
  dateTime(iso: string): string;
  date(iso: string): string;
  /** A calendar day ('2026-12-05') as the same day in every zone: '5 Dec 2026'. */
  day(day: string): string;
  /** The date and time with the zone's name, for a title: '1 Dec 2026, 23:51 CET'. */
  exactTime(iso: string): string;
  /** 'now', '3 minutes ago', '2 hours ago', 'yesterday', 'in 3 days'; a week or more away, the dateTime. */
  relative(iso: string): string;
  number(value: number): string;
}

type Cached = Omit<Formats, 'settings' | 'relative'> & { relativeTo(iso: string, now: Date): string };

/**
 * Formats already built, by language, currency and zone: building the Intl formatters takes about
 * half a millisecond, a good part of a page's time, and every page asks for the same few (bounded
 * all the same). Only the page's `now` is added per call.
 */
const built = new Map<string, Cached>();
const MAX_BUILT = 64;

export function createFormats(settings: FormatSettings): Formats {
  const { language, currency, timeZone } = settings;
  const key = `${language}|${currency}|${timeZone}`;
  let cached = built.get(key);
  if (!cached) {
    if (built.size >= MAX_BUILT) built.delete(built.keys().next().value!);
    cached = buildFormats(language, currency, timeZone);
    built.set(key, cached);
  }
  const { relativeTo, ...formats } = cached;
  const now = settings.now;
  return { ...formats, settings, relative: (iso) => relativeTo(iso, now ?? new Date()) };
}

const TIME = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
function buildFormats(language: string, currency: string, timeZone: string): Cached {
  const locale = DATE_LOCALES.get(language) ?? language;
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone, ...DAY, ...TIME });
  const exact = new Intl.DateTimeFormat(locale, { timeZone, ...DAY, ...TIME, timeZoneName: 'short' });
  const date = new Intl.DateTimeFormat(locale, { timeZone, ...DAY });
  const number = new Intl.NumberFormat(language);
  const relative = relativeFormat(language, timeZone, dateTime);
  const when = (format: (at: Date) => string) => (iso: string) => {
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? iso : format(at);
  };
  return {
    money: moneyFormat(currency, language),
    dateTime: when((at) => dateTime.format(at)),
    date: when((at) => date.format(at)),
    day: (day) => formatDay(language, day),
    exactTime: when((at) => exact.format(at)),
    relativeTo: (iso, now) => when((at) => relative(at, now))(iso),
    number: (value) => number.format(value),
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Under a minute is 'now', under an hour minutes, under a day hours; then calendar days in the
 * organisation's zone, so 'yesterday' is the day before today there, not 24 hours back.
 */
function relativeFormat(language: string, timeZone: string, absolute: Intl.DateTimeFormat) {
  const words = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const dayOf = dayNumber(timeZone);
  return (at: Date, now: Date): string => {
    const elapsed = at.getTime() - now.getTime();
    const distance = Math.abs(elapsed);
    if (distance < MINUTE) return words.format(0, 'second');
    if (distance < HOUR) return words.format(Math.trunc(elapsed / MINUTE), 'minute');
    if (distance < 24 * HOUR) return words.format(Math.trunc(elapsed / HOUR), 'hour');
    const days = dayOf(at) - dayOf(now);
    return Math.abs(days) < 7 ? words.format(days, 'day') : absolute.format(at);
  };
}

/** The number of the calendar day a moment falls on in `timeZone` (days since 1970-01-01 there). */
function dayNumber(timeZone: string): (at: Date) => number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  });
  return (at) => {
    const part = new Map(parts.formatToParts(at).map(({ type, value }) => [type, Number(value)]));
    return Date.UTC(part.get('year')!, part.get('month')! - 1, part.get('day')!) / (24 * HOUR);
  };
}

/** English, US dollars, UTC: outside a page (a mail, a component rendered alone in a test). */
export const DEFAULT_FORMATS = createFormats({ language: 'en', currency: 'USD', timeZone: 'UTC' });
