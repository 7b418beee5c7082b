/**
 * Confirming it is you (User Web Interface): the page that asks for the password again before a
 * second factor is removed when the log-in is not recent (web/user/fresh-login.tsx). Spread into
 * `en.ts`; `fresh-login.de.ts` and `fresh-login.es.ts` say the same.
 */
export const freshLoginEn = {
  'freshLogin.title': 'Confirm it is you',
  'freshLogin.intro':
    'You logged in more than {minutes} minutes ago. Enter your password again to continue: {action}.',
  'freshLogin.password': 'Your password',
  'freshLogin.cancel': 'Cancel',
  'freshLogin.noPassword':
    'You logged in more than {minutes} minutes ago, and you log in through single sign-on, so Quire cannot ask for your password. Log out, log in again, and then come back here within {minutes} minutes: {action}.',
} as const;

export type FreshLoginMessageKey = keyof typeof freshLoginEn;
