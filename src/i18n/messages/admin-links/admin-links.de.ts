/** German for admin-links.en.ts: every key with the same ICU arguments. */
import type { AdminLinksMessageKey } from './admin-links.en.js';

export const adminLinksDe: Record<AdminLinksMessageKey, string> = {
  'mail.adminReset.body':
    'Ein Administrator von {organization} hat Ihnen diesen Link geschickt, damit Sie ein neues Passwort für das Konto „{username}“ wählen. Er funktioniert einmal, {minutes} Minuten lang.',
  'mail.invite.subject': 'Ihr neues Konto bei {organization}',
  'mail.invite.body':
    'Für Sie wurde bei {organization} das Konto „{username}“ angelegt. Wählen Sie mit dem Link unten Ihr Passwort, um sich anzumelden. Er funktioniert einmal, {days} Tage lang; danach verwenden Sie „Passwort vergessen?“ auf der Anmeldeseite.',
  'mail.invite.link': 'Passwort wählen',
};
