/**
 * Which language a page or a mail is in: the user's stored choice, else the best shipped match
 * of the browser's Accept-Language, else the organisation's default (Options), else English.
 *
 *   negotiateLanguage({ stored: null, acceptLanguage: 'de-AT,de;q=0.9,en;q=0.5', organisationDefault: 'es' }) // 'de'
 */
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './languages.js';

export interface LanguageSources {
  /** users.language: null when the user has not chosen (or is not signed in). */
  stored?: string | null;
  acceptLanguage?: string;
  organisationDefault?: string | null;
}

export function negotiateLanguage(sources: LanguageSources): Language {
  if (isLanguage(sources.stored)) return sources.stored;
  const fromBrowser = sources.acceptLanguage ? bestAccepted(sources.acceptLanguage) : undefined;
  if (fromBrowser) return fromBrowser;
  if (isLanguage(sources.organisationDefault)) return sources.organisationDefault;
  return DEFAULT_LANGUAGE;
}

/** Most ranges a header may list before the rest is ignored (a header is attacker-chosen). */
const MAX_RANGES = 32;

/**
 * The shipped language the header prefers most (RFC 9110 §12.5.4): ranges by q-value, ties in
 * the order written; `de-AT` matches `de`; `q=0` refuses; `*` matches nothing in particular.
 */
export function bestAccepted(header: string): Language | undefined {
  const ranges = header
    .split(',')
    .slice(0, MAX_RANGES)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      // A q-value that is not a number drops its range (NaN is filtered out below).
      const q = params.map((p) => /^\s*q\s*=(.*)$/i.exec(p)?.[1]).find((v) => v !== undefined);
      const quality = q === undefined ? 1 : /^\s*[0-9.]+\s*$/.test(q) ? Number(q) : NaN;
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', quality, index };
    })
    .filter((range) => Number.isFinite(range.quality) && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranges.map((range) => range.primary).find(isLanguage);
}
