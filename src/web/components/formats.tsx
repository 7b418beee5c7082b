/**
 * The page's formats for every component below it (i18n/formats.ts): sendPage provides them from
 * the request's language and the organisation's currency and time zone.
 *
 *   const f = useFormats(); <td>{f.money(row.balance)}</td>
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { DEFAULT_FORMATS, type Formats } from '../../i18n/formats.js';

export const FormatsContext = createContext<Formats>(DEFAULT_FORMATS);

export function useFormats(): Formats {
  return useContext(FormatsContext);
}
