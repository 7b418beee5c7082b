/**
 * Calendar days as people read them, shared by page formats (formats.ts) and sentences from
 * services (local-text.ts); nothing here imports the rest of Quire.
 */

/** English times in British order ('1 Dec 2026'), the readable form; other languages as they are. */
export const DATE_LOCALES: ReadonlyMap<string, string> = new Map([['en', 'en-GB']]);
export const DAY = { day: 'numeric', month: 'short', year: 'numeric' } as const;

const days = new Map<string, Intl.DateTimeFormat>();

/**
 * A calendar day ('YYYY-MM-DD', like an account's expiry day) in `language`: a day has no
 * time zone, so it is written as the same day everywhere. An unreadable value is shown as it is.
 *
 *   formatDay('de', '2026-12-05') // '5. Dez. 2026'
 */
export function formatDay(language: string, day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d\d-\d\d$/.test(day) || Number.isNaN(date.getTime())) return day;
  let format = days.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(DATE_LOCALES.get(language) ?? language, { timeZone: 'UTC', ...DAY });
    days.set(language, format);
  }
  return format.format(date);
}
