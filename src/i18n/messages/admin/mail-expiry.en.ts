/**
 * The Admin Console's words for flows that need mail (Options, Operations, a user's password reset
 * email and the new user's link) and for account expiry (the user's Details, the Users list).
 */
export const mailExpiryEn = {
  'admin.mailNeeded.options':
    'No mail server is set up: users cannot reset a forgotten password by email (the log-in page tells them to ask an administrator), and self-registration cannot be turned on. {email}',
  'admin.mailNeeded.registrationOn':
    'Self-registration is on, but without mail no registration can be confirmed: visitors are told to ask an administrator for an account.',
  'admin.mailNeeded.resetHidden':
    'Users are told to ask an administrator instead of being offered “Forgot your password?”.',
  'admin.mailNeeded.setUp': 'Set up a mail server',
} as const;
