/**
 * The translator of the page being rendered, for every component below the page: sendPage puts
 * the request's language here, so a component asks `useTranslator()` instead of taking a prop.
 * Outside a page (a mail, a test rendering a component alone) it is English.
 *
 *   const t = useTranslator();
 *   <h1>{t.t('user.summary.title')}</h1>
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { adminEnglish, type AdminTranslator } from '../../i18n/admin-translator.js';
import { english, type Translator } from '../../i18n/translator.js';

export const TranslatorContext = createContext<Translator>(english);

export function useTranslator(): Translator {
  return useContext(TranslatorContext);
}

/** The Admin Console's words: always English, from `i18n/messages/admin.en.ts`. */
export function useAdminTranslator(): AdminTranslator {
  return adminEnglish;
}
