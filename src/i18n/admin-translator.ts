/**
 * The Admin Console's translator: English only, over its own catalog (`messages/admin.en.ts`),
 * so admin keys never have to exist in the shipped user-facing languages.
 *
 *   adminEnglish.t('admin.done.enabled', { name: 'ada' }) // 'ada was enabled.'
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { adminEn, type AdminMessageKey } from './messages/admin.en.js';
import type { MessageValues } from './translator.js';

export type { AdminMessageKey } from './messages/admin.en.js';

export interface AdminTranslator {
  t(key: AdminMessageKey, values?: MessageValues): string;
  /** Like `Translator.rich`: the parts in order, elements passed as values. */
  rich<T>(key: AdminMessageKey, values: Readonly<Record<string, string | number | T>>): (string | T)[];
}

const compiled = new Map<AdminMessageKey, IntlMessageFormat>();

function compile(key: AdminMessageKey): IntlMessageFormat {
  let format = compiled.get(key);
  if (!format) {
    // Tags are off: a `<` in a message is text, and markup comes in as values only.
    format = new IntlMessageFormat(adminEn[key], 'en', undefined, { ignoreTag: true });
    compiled.set(key, format);
  }
  return format;
}

export const adminEnglish: AdminTranslator = {
  t: (key, values) => String(compile(key).format(values as Record<string, string | number>)),
  rich<T>(key: AdminMessageKey, values: Readonly<Record<string, string | number | T>>): (string | T)[] {
    const result = compile(key).format<T>(values as Record<string, string | number | T>);
    return Array.isArray(result) ? result : [result];
  },
};
