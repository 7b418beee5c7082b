/**
 * Amounts, times and numbers as a page's reader expects them: the organisation's currency and
 * time zone (Options), in the page's language. Built per page by sendPage (web/render.tsx) and
 * read by components through `useFormats()`.
 *
 *   const f = createFormats({ language: 'de', currency: 'EUR', timeZone: 'Europe/Berlin' });
 *   f.money(12300) // '1,23 €'   f.dateTime('2026-12-02T10:00:00.000Z') // '02.12.2026, 11:00'
 */
import { moneyFormat } from '../accounts/money-format.js';

export interface FormatSettings {
  language: string;
  currency: string;
  timeZone: string;
}

export interface Formats {
  readonly settings: FormatSettings;
  money(amount: number): string;
  /** A stored ISO time as a date and time in the organisation's zone. */
  dateTime(iso: string): string;
  date(iso: string): string;
  number(value: number): string;
}

/**
 * Formats already built, by settings: building the Intl formatters takes about half a millisecond,
 * a good part of a page's time, and every page asks for the same few (bounded all the same).
 */
const built = new Map<string, Formats>();
const MAX_BUILT = 64;

export function createFormats(settings: FormatSettings): Formats {
  const { language, currency, timeZone } = settings;
  const key = `${language}|${currency}|${timeZone}`;
  let formats = built.get(key);
  if (!formats) {
    if (built.size >= MAX_BUILT) built.delete(built.keys().next().value!);
    formats = buildFormats({ language, currency, timeZone });
    built.set(key, formats);
  }
  return formats;
}

function buildFormats(settings: FormatSettings): Formats {
  const { language, currency, timeZone } = settings;
  const money = moneyFormat(currency, language);
  const dateTime = new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'medium' });
  const number = new Intl.NumberFormat(language);
  const when = (format: Intl.DateTimeFormat) => (iso: string) => {
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? iso : format.format(at);
  };
  return {
    settings,
    money,
    dateTime: when(dateTime),
    date: when(date),
    number: (value) => number.format(value),
  };
}

/** English, US dollars, UTC: outside a page (a mail, a component rendered alone in a test). */
export const DEFAULT_FORMATS = createFormats({ language: 'en', currency: 'USD', timeZone: 'UTC' });
