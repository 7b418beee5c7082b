/**
 * The Admin Console's messages, in English only: the console always renders in English, so these
 * keys live apart from `en.ts` and the shipped languages (`de.ts`, `es.ts`) do not carry them.
 * Keys start with `admin.`; values are ICU MessageFormat like every other catalog.
 */
export const adminEn = {
  // The frame (admin.pages.tsx).
  'admin.nav.users': 'Users',
  'admin.nav.sources': 'User/Group Sync',
  'admin.nav.options': 'Options',
  'admin.nav.audit': 'Audit Log',
  'admin.nav.operations': 'Operations',
  'admin.nav.userWeb': 'User Web Interface',
  'admin.nav.sectionPages': '{section} pages',
  'admin.tab.options.general': 'General',
  'admin.tab.options.email': 'Email',
  'admin.tab.options.webServices': 'Web services',
  'admin.tab.options.singleSignOn': 'Single sign-on',

  // Success notices after a redirect (admin.pages.tsx doneNotice).
  'admin.done.created': 'The user {name} was created.',
  'admin.done.saved': 'The details were saved.',
  'admin.done.password': "Password changed. All of {name}''s sessions were ended.",
  'admin.done.disabled': '{name} was disabled and signed out everywhere.',
  'admin.done.enabled': '{name} was enabled.',
  'admin.done.adminGranted': '{name} now has admin rights.',
  'admin.done.adminRevoked': '{name} no longer has admin rights.',
  'admin.done.deleted': 'The user was deleted.',
  'admin.done.sessionsEnded': "All of {name}''s sessions were ended.",
  'admin.done.lockCleared': 'The sign-in lock of {name} was cleared; they can sign in again at once.',
  'admin.done.options': 'The options were saved.',
  'admin.done.converted':
    '{name} is now a directory user: their password is managed by their directory source, and all of their sessions were ended.',

  // Options and the Audit Log (system.pages.tsx).
  'admin.options.organizationName': 'Organisation name',
  'admin.options.passwordHelpText': 'Password help text',
  'admin.options.minPasswordLength': 'Minimum password length',
  'admin.options.rejectCommonPasswords': 'Refuse common passwords',
  'admin.options.rejectUsernamePassword': 'Refuse the username as the password',
  'admin.options.passwordHistory': 'Remember previous passwords',
  'admin.options.lockoutFailures': 'Failed sign-ins before a delay',
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
  'admin.options.lockout': 'Sign-in lockout',
  'admin.options.lockoutIntro':
    'After this many failed sign-ins for one username, each further attempt must wait: the first delay, then twice as long after every further failure, up to the maximum. The same applies to a username that does not exist, so a delay never tells anyone whether an account exists. A successful sign-in or an administrator ("Clear lock" on the user page) clears the count.',
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
  'admin.audit.older': 'Older entries',

  // Options → Email (mail.pages.tsx).
  'admin.mail.host': 'Mail server (SMTP host)',
  'admin.mail.port': 'Port',
  'admin.mail.security': 'Security',
  'admin.mail.user': 'User name',
  'admin.mail.password': 'Password',
  'admin.mail.from': 'From address',
  'admin.mail.to': 'Send to',
  'admin.mail.security.starttls': 'STARTTLS (usually port 587)',
  'admin.mail.security.tls': 'TLS (usually port 465)',
  'admin.mail.security.none': 'None: plain SMTP, for a local relay only (usually port 25)',
  'admin.mail.lastFailure': 'The last message that could not be sent failed at {at}:',
  'admin.mail.title': 'Email',
  'admin.mail.serverLocked':
    "The mail server is set by {variable} in the server's configuration, which wins over this page, so these fields are read-only. Change the configuration and restart Quire to change them.",
  'admin.mail.fromLocked':
    "The From address is set by {variable} in the server's configuration, which wins over this page.",
  'admin.mail.server': 'Mail server',
  'admin.mail.serverIntro':
    'Quire sends password reset links and account notices through this server. Leave the host empty to send no mail.',
  'admin.mail.hostHint': 'For example smtp.example.org.',
  'admin.mail.portHint': 'Leave empty for the usual port of the security mode.',
  'admin.mail.userHint': 'Leave empty if the server accepts mail without signing in.',
  'admin.mail.passwordSaved': 'A password is saved. Leave this empty to keep it.',
  'admin.mail.passwordHint': 'Used only with a user name.',
  'admin.mail.fromHint':
    "The address messages come from, such as print@example.org. The organisation's name is shown as the sender.",
  'admin.mail.save': 'Save email settings',
  'admin.mail.test': 'Send test email',
  'admin.mail.testHint': 'Sends a short message with the saved settings.',

  // Sync options and removing a source (sync-options.pages.tsx).
  'admin.syncOptions.missingPolicy': 'Users no longer in the directory',
  'admin.syncOptions.maxRemovals': 'Removal limit (users)',
  'admin.syncOptions.maxRemovalsPercent': 'Removal limit (percent)',
  'admin.syncOptions.schedule': 'Schedule',
  'admin.syncOptions.importGroups': 'Import users from selected groups only',
  'admin.syncOptions.keep': 'Keep them',
  'admin.syncOptions.keepHint': 'They stay as they are; each report lists them.',
  'admin.syncOptions.disable': 'Disable them (default)',
  'admin.syncOptions.disableHint': 'They can no longer sign in; listed again, they are enabled again.',
  'admin.syncOptions.delete': 'Delete them',
  'admin.syncOptions.deleteHint': 'Their records are removed from Quire.',
  'admin.syncOptions.title': 'Sync options of {name}',
  'admin.sources.back': 'Back to User/Group Sync',
  'admin.syncOptions.missingLegend': 'When a user of this source is no longer listed',
  'admin.syncOptions.removalLimit': 'Removal limit',
  'admin.syncOptions.removalRule':
    "A run that would disable or delete more than {maxRemovals} users or {percent} % of this source's users, whichever is smaller, stops before changing anything. With the {users} users {name} provides now, that is at most {limit}. An administrator can allow one run to exceed the limit.",
  'admin.syncOptions.maxRemovalsHint': 'A whole number, 0 or more (0: never disable or delete).',
  'admin.syncOptions.maxRemovalsPercentHint': 'From 0 to 100.',
  'admin.syncOptions.when': 'When to synchronize',
  'admin.syncOptions.scheduleField': 'Schedule (cron expression)',
  'admin.syncOptions.scheduleHint':
    'Minute, hour, day of month, month and day of week, in server time: "0 2 * * *" is every night at 02:00, "0 */4 * * *" every four hours. Leave empty to synchronize on demand only (Synchronize Now).',
  'admin.syncOptions.which': 'Which users to import',
  'admin.syncOptions.importDisabled': 'Import disabled users',
  'admin.syncOptions.importDisabledHint':
    'On: accounts disabled in the directory are imported as disabled users. Off: they are left out.',
  'admin.syncOptions.importGroupsHint':
    'Group names, one per line; members of nested groups count. Empty: every user the source lists.',
  'admin.syncOptions.save': 'Save sync options',
  'admin.cancel': 'Cancel',
  'admin.removeSource.title': 'Remove {name}?',
  'admin.removeSource.provides': '{kind} source. It provides {users} users now.',
  'admin.removeSource.notEmpty':
    'A source can be removed only once it provides no users: set its policy for users no longer listed to "Delete them" and synchronize, or delete its users first.',
  'admin.removeSource.empty': 'Its settings and schedule are removed; its past reports stay.',
  'admin.removeSource.submit': 'Remove source',

  // Operations (operations.pages.tsx).
  'admin.operations.schemaNewer': 'Newer than this server: {names} unknown',
  'admin.operations.schemaPending': '{count} migrations pending: {names}',
  'admin.operations.schemaApplied': '{count} migrations applied, none pending',
  'admin.operations.title': 'Operations',
  'admin.operations.server': 'Server and database',
  'admin.operations.quireVersion': 'Quire version',
  'admin.operations.nodeVersion': 'Node.js version',
  'admin.operations.database': 'Database',
  'admin.operations.databaseSize': 'Database size',
  'admin.operations.schema': 'Schema',
  'admin.operations.servers': 'Servers',
  'admin.operations.serversIntro':
    'Quire servers that used this database in the last {minutes} minutes. Each running server checks in every 30 seconds.',
  'admin.operations.noServers':
    'No server has checked in recently (servers check in only when started with {command}).',
  'admin.operations.lastSync': 'Last synchronization per source',
  'admin.operations.noSources': 'No directory source is set up: every user is an internal user.',
  'admin.operations.usersBySource': 'Users by source',
  'admin.operations.email': 'Email',
  'admin.operations.mailFromConfig': 'A mail server is configured by QUIRE_SMTP_URL.',
  'admin.operations.mailFromPage': 'A mail server is configured on the Email page.',
  'admin.operations.noMail':
    'No mail server is configured: Quire cannot send password reset links or account notices.',
  'admin.operations.emailSettings': 'Email settings',

  // Batch import (batch-import.pages.tsx).
  'admin.batch.format.userUpdate': 'User update',
  'admin.batch.format.userUpdateHint':
    'Username, then balance, restricted, full name, email, department, office, card/ID, PIN, notes, secondary card/ID… An empty column leaves the detail unchanged.',
  'admin.batch.format.internalUsers': 'Internal users',
  'admin.batch.format.internalUsersHint':
    'Username, password, then balance, restricted, full name, email, department, office, card/ID, PIN, notes…',
  'admin.batch.format.cardNumbers': 'Card/ID numbers',
  'admin.batch.format.cardNumbersHint': 'Username, primary card/ID number, optional PIN.',
  'admin.batch.report.lines': 'Lines read',
  'admin.batch.report.wouldCreate': 'Would be created',
  'admin.batch.report.created': 'Created',
  'admin.batch.report.wouldUpdate': 'Would be updated',
  'admin.batch.report.updated': 'Updated',
  'admin.batch.report.unchanged': 'Unchanged',
  'admin.batch.report.skipped': 'Skipped (users that do not exist)',
  'admin.batch.report.rejected': 'Rejected',
  'admin.batch.report.title': 'Import report',
  'admin.batch.report.notImported': 'Not imported',
  'admin.batch.preview': 'Preview',
  'admin.batch.report.refused':
    '{count} line(s) were rejected, so nothing was imported. Correct them and try again.',
  'admin.batch.report.imported': 'The file was imported.',
  'admin.batch.report.previewNotice': 'Nothing was changed. Choose Import to apply these changes.',
  'admin.batch.report.ignoredColumns': 'Columns Quire does not store, ignored: {columns}.',
  'admin.batch.title': 'Batch import',
  'admin.batch.heading': 'Batch user import and update',
  'admin.users.back': 'Back to Users',
  'admin.batch.file': 'File',
  'admin.batch.format': 'Format',
  'admin.batch.intro':
    "PaperCut's tab-separated formats, one user a line, no header line. The import is all or nothing: if any line is rejected, nothing changes.",
  'admin.batch.fileHint': 'A UTF-8 text file (.tsv, .txt or .csv), at most {megabytes} MB.',
  'admin.batch.options': 'Options',
  'admin.batch.createNewUsers': 'Create new users',
  'admin.batch.createNewUsersHint':
    'User update: create users that do not exist yet (as internal users without a password). Otherwise their lines are skipped.',
  'admin.batch.overwriteExisting': 'Overwrite existing passwords/PINs',
  'admin.batch.overwriteExistingHint':
    "Internal users: replace existing users' passwords and PINs. Card/ID numbers: replace existing PINs.",
  'admin.batch.import': 'Import',

  // Options → Web services (api-tokens.pages.tsx).
  'admin.webServices.tokenName': 'Token name',
  'admin.webServices.scopes': 'Scopes',
  'admin.webServices.allowedAddresses': 'Allowed addresses',
  'admin.webServices.newToken': 'New token: {name}',
  'admin.webServices.copyNow':
    'Copy this token now. Quire stores only a hash of it, so it will not be shown again; if it is lost, revoke it and create another.',
  'admin.webServices.howToUse':
    'Give it as the first argument of every XML-RPC call ({rpcPath}), or send it as {header} to the REST API ({apiPath}).',
  'admin.webServices.noTokens': 'No API tokens yet.',
  'admin.webServices.tokenNameHint': 'Who or what uses it, such as "provisioning script". Unique.',
  'admin.webServices.createSubmit': 'Create token',
  'admin.webServices.title': 'Web services',
  'admin.webServices.tokens': 'API tokens',
  'admin.webServices.tokensIntro':
    'Scripts call the PaperCut-compatible XML-RPC web services and the REST API with a token. Each token has scopes that limit what it may do; revoke a token that is no longer needed or may have leaked.',
  'admin.webServices.create': 'Create a token',
  'admin.webServices.addressesIntro':
    'XML-RPC web services calls are accepted only from these addresses, whatever the token. The REST API is limited by token scopes only.',
  'admin.webServices.addressesHint':
    'Separated by commas or line breaks: IPv4 or IPv6 addresses (192.168.1.20, 2001:db8::20), ranges (192.168.1.0/24, fd00::/8), or * for any address. The default, 127.0.0.1, ::1, allows this server only. Empty: no one.',
  'admin.webServices.saveAddresses': 'Save allowed addresses',

  // User/Group Sync (sources.pages.tsx).
  'admin.sources.done.added': 'The source was added. Use "Test settings" to check it before you synchronize.',
  'admin.sources.done.saved': 'The source settings were saved.',
  'admin.sources.done.optionsSaved': 'The sync options were saved.',
  'admin.sources.done.removed': 'The source was removed.',
  'admin.sources.done.primary': 'The primary source was changed: it is synchronized first.',
  'admin.sources.done.cancelRequested':
    'Cancel requested: the run stops at its next step, before changing anything.',
  'admin.sources.runType.test': 'Test settings (nothing changed)',
  'admin.sources.runType.sync': 'Synchronize Now',
  'admin.sources.running': 'Running: {phase}, {progress} directory entries read.',
  'admin.sources.running.starting': 'starting',
  'admin.sources.title': 'User/Group Sync',
  'admin.sources.sources': 'Sources',
  'admin.sources.intro':
    'Users and groups come from these sources, the primary source first. A user keeps the source that first provided them; a directory user signs in with the password that their directory holds.',
  'admin.sources.none': 'No directory source is set up yet: every user is an internal user.',
  'admin.sources.recent': 'Recent synchronizations',
  'admin.sources.noRuns': 'None yet.',
  'admin.sources.syncNow.dryRun': 'Test run only (change nothing)',
  'admin.sources.syncNow.override': 'Allow this run to disable or delete more than the limit',
  'admin.sources.syncNow.from': 'from {name}',

  // The page around a source form (source-form.pages.tsx).
  'admin.sourceForm.test.noUsers': 'The user filter found no users under the base DNs.',
  'admin.sourceForm.test.noGroups': 'The group filter found no groups.',
  'admin.sourceForm.test.title': 'Test results',
  'admin.sourceForm.test.failed': 'The test failed: {message} Nothing was saved.',
  'admin.sourceForm.test.connected':
    'Connected and signed in to the directory. These are the first users and groups it returned; nothing was saved or changed.',
  'admin.sourceForm.test.users': 'Users (first {count})',
  'admin.sourceForm.test.groups': 'Groups (first {count})',
  'admin.sourceForm.test.directMembers': 'Direct members',
  'admin.sourceForm.save': 'Save',
  'admin.sourceForm.test': 'Test settings',
  'admin.sourceForm.testHint':
    'Test settings connects with the settings on this form, shows the first users and groups it finds, and saves or changes nothing.',
} as const;

export type AdminMessageKey = keyof typeof adminEn;
