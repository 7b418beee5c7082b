/**
 * The languages Quire ships, in one Map: adding a language is one catalog file and one line here.
 *
 *   SHIPPED_LANGUAGES.get('de')?.name // 'Deutsch'
 */
import { de } from './messages/de.js';
import { en, type MessageKey } from './messages/en.js';
import { es } from './messages/es.js';

export type Language = 'en' | 'de' | 'es';

export interface ShippedLanguage {
  /** The language's name in itself (an autonym), as a language chooser shows it. */
  name: string;
  messages: Readonly<Record<MessageKey, string>>;
}

export const DEFAULT_LANGUAGE: Language = 'en';

export const SHIPPED_LANGUAGES: ReadonlyMap<Language, ShippedLanguage> = new Map<Language, ShippedLanguage>([
  ['en', { name: 'English', messages: en }],
  ['de', { name: 'Deutsch', messages: de }],
  ['es', { name: 'Español', messages: es }],
]);

/** Whether a stored or submitted value names a shipped language (exactly: 'de', not 'de-AT'). */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && SHIPPED_LANGUAGES.has(value as Language);
}
