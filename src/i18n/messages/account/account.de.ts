/** German for account.en.ts: every key with the same ICU arguments. */
import type { AccountMessageKey } from './account.en.js';

export const accountDe: Record<AccountMessageKey, string> = {
  'login.askAdministrator':
    'Passwort vergessen? Bitten Sie Ihren Administrator, Ihr Passwort zurückzusetzen.',
  'user.forgot.noMail':
    'Passwörter können hier nicht per E-Mail zurückgesetzt werden. Bitten Sie Ihren Administrator, Ihr Passwort zurückzusetzen.',
  'user.register.noMail.title': 'Registrierung nicht möglich',
  'user.register.noMail.notice':
    'Neue Konten können derzeit nicht registriert werden, weil {organization} keine E-Mails senden kann. Bitten Sie Ihren Administrator, ein Konto für Sie anzulegen.',
  'problem.expiryDate':
    'Geben Sie ein Datum wie 2026-12-31 ein, oder lassen Sie das Feld leer (oder schreiben Sie never) für ein Konto, das nie abläuft.',
  'login.expired': 'Dieses Konto ist am {date} abgelaufen. Bitten Sie Ihren Administrator, es zu verlängern.',
};
