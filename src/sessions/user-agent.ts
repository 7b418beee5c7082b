/**
 * A short, readable name for a browser from its User-Agent header, for the sessions list:
 *
 *   String(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) … Chrome/120.0 Safari/537.36')); // 'Chrome on Windows'
 *
 * Only a label for people: the header is whatever the client sent, so it decides nothing. The
 * names are the products' own; the words around them are LocalText, said in the page's language.
 */
import { localText, type LocalText } from '../i18n/local-text.js';

// First match wins, so browsers that also claim to be Chrome or Safari come before them.
const BROWSERS: [pattern: RegExp, name: string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(HeadlessChrome|Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
  [/\bcurl\//, 'curl'],
];

const SYSTEMS: [pattern: RegExp, name: string][] = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

export function describeUserAgent(userAgent: string): string | LocalText {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return localText('user.sessions.agent', { browser, system });
  return browser ?? system ?? localText('user.sessions.agentUnknown');
}
