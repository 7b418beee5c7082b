/** German for fresh-login.en.ts: every key with the same ICU arguments. */
import type { FreshLoginMessageKey } from './fresh-login.en.js';

export const freshLoginDe: Record<FreshLoginMessageKey, string> = {
  'freshLogin.title': 'Bestätigen Sie, dass Sie es sind',
  'freshLogin.intro':
    'Sie haben sich vor mehr als {minutes} Minuten angemeldet. Geben Sie Ihr Passwort erneut ein, um fortzufahren: {action}.',
  'freshLogin.password': 'Ihr Passwort',
  'freshLogin.cancel': 'Abbrechen',
  'freshLogin.noPassword':
    'Sie haben sich vor mehr als {minutes} Minuten angemeldet, und zwar über Single Sign-on; deshalb kann Quire nicht nach Ihrem Passwort fragen. Melden Sie sich ab, melden Sie sich erneut an und kehren Sie innerhalb von {minutes} Minuten hierher zurück: {action}.',
};
