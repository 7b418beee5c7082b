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
import { english, type Translator } from '../../i18n/translator.js';

export const TranslatorContext = createContext<Translator>(english);

export function useTranslator(): Translator {
  return useContext(TranslatorContext);
}
