/** The Admin Console's words: options and the Audit Log (system.pages.tsx). */
export const optionsEn = {
  'admin.options.organizationName': 'Organisation name',
  'admin.options.currency': 'Currency',
  'admin.options.currencyHint':
    'The ISO 4217 code of the currency balances and prices are in (USD, EUR, GBP…). Pages show amounts in it, each in the reader’s number format.',
  'admin.options.timeZone': 'Time zone',
  'admin.options.timeZoneHint':
    'The time zone pages show times in and daily, weekly and monthly quotas follow, such as Europe/Berlin. Empty: this server’s zone ({zone}).',
  'admin.options.passwordHelpText': 'Password help text',
  'admin.options.minPasswordLength': 'Minimum password length',
  'admin.options.rejectCommonPasswords': 'Refuse common passwords',
  'admin.options.rejectUsernamePassword': 'Refuse the username as the password',
  'admin.options.passwordHistory': 'Remember previous passwords',
  'admin.options.lockoutFailures': 'Failed logins before a delay',
  'admin.options.lockoutDelaySeconds': 'First delay (seconds)',
  'admin.options.lockoutMaxDelayMinutes': 'Maximum delay (minutes)',
  'admin.options.lockoutResetHours': 'Forget failures after (hours)',
  'admin.options.selfRegistration': 'Allow users to register themselves',
  'admin.options.registrationEmailDomains': 'Allowed email domains',
  'admin.options.webServicesAllowedAddresses': 'Allowed addresses',
  'admin.options.defaultLanguage': 'Default language',
  'admin.options.defaultLanguageHint':
    'For users who have not chosen a language and whose browser asks for none that Quire offers; also for mail to them.',
  'admin.options.title': 'Options',
  'admin.options.organizationNameHint': 'Shown at the top of every page.',
  'admin.options.passwordHelpTextHint':
    'Shown to standard users and on "Forgot your password?", e.g. "Contact the IT Service Desk, ext. 4357".',
  'admin.options.passwordPolicy': 'Password policy for internal users',
  'admin.options.minPasswordLengthHint':
    'From 1 to 64. At least 8 is the default; 15 or more is recommended.',
  'admin.options.rejectCommonPasswordsHint': 'About 49,000 passwords most often seen in leaks. Recommended.',
  'admin.options.recommended': 'Recommended.',
  'admin.options.passwordHistoryHint':
    'A new password may not be any of this many most recent passwords, the current one included. From 0 (off, the default) to 24.',
  'admin.options.lockout': 'Login lockout',
  'admin.options.lockoutIntro':
    'After this many failed logins for one username, each further attempt must wait: the first delay, then twice as long after every further failure, up to the maximum. The same applies to a username that does not exist, so a delay never tells anyone whether an account exists. A successful login or an administrator ("Clear lock" on the user page) clears the count.',
  'admin.options.lockoutFailuresHint': 'Default 5.',
  'admin.options.lockoutDelaySecondsHint': 'Default 60 seconds.',
  'admin.options.lockoutMaxDelayMinutesHint': 'Default 15 minutes.',
  'admin.options.lockoutResetHoursHint':
    'Failures are forgotten after this long without another failure. Default 12 hours.',
  'admin.options.registration': 'Internal users: self-registration',
  'admin.options.registrationIntro':
    'When allowed, the Log in page offers "Register". A visitor chooses a username and password and must enter an email address: the account is created as an internal user only after the link emailed to that address is followed (it works once, for 24 hours). A name that any user already has, including a user synced from a directory source, cannot be registered. An email server must be set up under Email.',
  'admin.options.selfRegistrationHint': 'Off by default.',
  'admin.options.registrationEmailDomainsHint':
    'One per line, such as example.org. Only addresses at exactly these domains may register. Leave empty to allow any domain.',
  'admin.options.save': 'Save options',
  'admin.audit.title': 'Audit Log',
  'admin.audit.filter': 'Filter the audit log',
  'admin.audit.user': 'User',
  'admin.audit.userHint': 'Who acted or was acted on',
  'admin.audit.action': 'Action',
  'admin.audit.allActions': 'All actions',
  'admin.audit.submitFilter': 'Filter',
  'admin.audit.empty': 'No entries match.',
  'admin.audit.pages': 'Pages of the audit log',
} as const;
