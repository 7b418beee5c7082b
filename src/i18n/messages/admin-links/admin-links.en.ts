/**
 * Mail an administrator sends from the Admin Console (passwords/admin-link.ts): a password reset
 * link, and a new user's link to choose their first password. Spread into `en.ts`;
 * `admin-links.de.ts` and `admin-links.es.ts` say the same in the shipped languages.
 */
export const adminLinksEn = {
  'mail.adminReset.body':
    'An administrator of {organization} sent you this link to choose a new password for the account "{username}". It works once, for {minutes} minutes.',
  'mail.invite.subject': 'Your new {organization} account',
  'mail.invite.body':
    'An account "{username}" was created for you at {organization}. Choose your password with the link below to log in. It works once, for {days} days; after that, use "Forgot your password?" on the log-in page.',
  'mail.invite.link': 'Choose your password',
} as const;

export type AdminLinksMessageKey = keyof typeof adminLinksEn;
