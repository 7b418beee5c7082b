/**
 * Flows that need mail when there is none (sign-in, "Forgot your password?", registration) and
 * expired accounts: their words. Spread into `en.ts`; `account.de.ts` and `account.es.ts` say the
 * same in the shipped languages.
 */
export const accountEn = {
  // components/login.tsx and the forgotten-password page when no mail server is set up.
  'login.askAdministrator': 'Forgot your password? Ask your administrator to reset your password.',
  'user.forgot.noMail':
    'Passwords cannot be reset by email here. Ask your administrator to reset your password.',
  // web/user/registration.routes.tsx when registration is on but no mail server is set up.
  'user.register.noMail.title': 'Registration is not available',
  'user.register.noMail.notice':
    'New accounts cannot be registered at the moment, because {organization} cannot send email. Ask your administrator to create an account for you.',
  // auth/auth.service.ts, sessions and single sign-on: a guest or visitor account past its date.
  'problem.expiryDate':
    'Enter a date such as 2026-12-31, or leave it empty (or write never) for an account that never expires.',
  'login.expired': 'This account expired on {date}. Ask your administrator to extend it.',
} as const;

export type AccountMessageKey = keyof typeof accountEn;
