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
  'admin.expiry.badge': 'Expired',
  'admin.expiry.title': 'Account expiry',
  'admin.expiry.intro':
    'For guest and visitor accounts: after this day the account cannot log in, print or release jobs, and its sessions end.',
  'admin.expiry.state': 'Expires',
  'admin.expiry.never': 'Never',
  'admin.expiry.until': 'At the end of {date}',
  'admin.expiry.expiredOn': 'Expired on {date}',
  'admin.expiry.field': 'Expiry date',
  'admin.expiry.hint':
    'The account works until the end of this day in the organisation’s time zone ({zone}). Leave empty for an account that never expires.',
  'admin.expiry.save': 'Save expiry date',
  'admin.done.expirySaved': 'The expiry date of {name} was saved.',
} as const;
