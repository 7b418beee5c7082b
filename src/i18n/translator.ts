/**
 * Messages, numbers and money in one language (times and days: i18n/formats.ts). Messages are compiled once per language
 * and key (intl-messageformat) and cached; formatters come from `Intl`.
 *
 *   const t = translatorFor('de');
 *   t.t('user.sessions.signOutOthers', { count: 2 }) // 'Alle anderen Sitzungen abmelden (2)'
 *   t.money(12_3400, 'EUR')                          // '12,34 €'
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_LANGUAGE, SHIPPED_LANGUAGES, type Language } from './languages.js';
import type { MessageKey } from './messages/en.js';

export type { MessageKey } from './messages/en.js';

/** Values a message inserts: text and numbers, or (for `rich`) page elements. */
export type MessageValues = Readonly<Record<string, string | number>>;

/** Money is an integer number of ten-thousandths of the currency unit inside Quire. */
export const MONEY_SCALE = 10_000;

export interface Translator {
  readonly language: Language;
  t(key: MessageKey, values?: MessageValues): string;
  /**
   * A message whose values may be elements (`<strong>{name}</strong>`, a link): the parts in
   * order, for a page to render; strings in it are escaped by preact like any other text.
   */
  rich<T>(key: MessageKey, values: Readonly<Record<string, string | number | T>>): (string | T)[];
  number(value: number): string;
  /** `amount` in ten-thousandths of `currency` (ISO 4217), formatted at the edge. */
  money(amount: number, currency: string): string;
}

const compiled = new Map<string, IntlMessageFormat>();

function compile(language: Language, key: MessageKey): IntlMessageFormat {
  const cacheKey = `${language}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    const messages = (SHIPPED_LANGUAGES.get(language) ?? SHIPPED_LANGUAGES.get(DEFAULT_LANGUAGE)!).messages;
    // Tags are off: a `<` in a message is text, and markup comes in as values only.
    format = new IntlMessageFormat(messages[key], language, undefined, { ignoreTag: true });
    compiled.set(cacheKey, format);
  }
  return format;
}

function createTranslator(language: Language): Translator {
  const number = new Intl.NumberFormat(language);
  const currencies = new Map<string, Intl.NumberFormat>();
  return {
    language,
    t: (key, values) => String(compile(language, key).format(values as Record<string, string | number>)),
    rich<T>(key: MessageKey, values: Readonly<Record<string, string | number | T>>): (string | T)[] {
      const result = compile(language, key).format<T>(values as Record<string, string | number | T>);
      return Array.isArray(result) ? result : [result];
    },
    number: (value) => number.format(value),
    money(amount, currency) {
      let format = currencies.get(currency);
      if (!format) {
        format = new Intl.NumberFormat(language, { style: 'currency', currency });
        currencies.set(currency, format);
      }
      return format.format(amount / MONEY_SCALE);
    },
  };
}

const translators = new Map<Language, Translator>();

/** The translator of a shipped language, created once. */
export function translatorFor(language: Language): Translator {
  let translator = translators.get(language);
  if (!translator) {
    translator = createTranslator(language);
    translators.set(language, translator);
  }
  return translator;
}

/** English: the Admin Console, the API, the CLI and the logs. */
export const english: Translator = translatorFor(DEFAULT_LANGUAGE);
