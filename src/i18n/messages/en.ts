/**
 * English messages: the source of truth. Every other language has exactly these keys with the
 * same ICU arguments (the compiler checks the keys, i18n/catalog.test.ts the arguments).
 * Values are ICU MessageFormat (https://unicode-org.github.io/icu/userguide/format_parse/messages/);
 * `{name}` inserts a value, `{count, plural, one {…} other {…}}` chooses a plural form. Markup is
 * never written into a message: pages pass elements (a bold username, a link) as values.
 */
import { accountingProblemsEn } from './problems/accounting.en.js';
import { releaseEn } from './release/release.en.js';
import { accountEn } from './account/account.en.js';
import { adminLinksEn } from './admin-links/admin-links.en.js';
import { twoFactorEn } from './two-factor/two-factor.en.js';
import { freshLoginEn } from './fresh-login/fresh-login.en.js';

export const en = {
  // The page frame (components/layout.tsx).
  'layout.skipToContent': 'Skip to content',
  'layout.signedInAs': 'Logged in as {username}',
  'layout.logOut': 'Log out',
  'layout.area.user': 'User Web Interface',
  'layout.area.admin': 'Admin Console',
  'layout.area.setup': 'Setup',
  'layout.title': '{page} – {organization} {area}',

  // Forms (components/forms.tsx).
  'forms.errorSummary': 'There is a problem',
  'forms.fieldError': '{label}: {message}',

  // Sign-in (components/login.tsx).
  'login.title': 'Log in',
  'login.adminTitle': 'Admin Console log in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.otherWays': 'Other ways to log in',
  'login.signInWith': 'Log in with {provider}',
  'login.forgotPassword': 'Forgot your password?',
  'login.newHere': 'New here? {register}',
  'login.register': 'Register',
  'login.failed': 'The username or password is not correct.',
  'login.throttled': 'Too many failed login attempts. Please wait a few minutes and try again.',
  'login.directoryUnreachable':
    'Login is not possible right now because the user directory could not be reached. Please try again later.',
  // The directory verified the password but refuses the account (auth/auth.service.ts).
  'login.directory.disabled':
    'Your account is disabled in your organisation’s directory. Contact your IT department.',
  'login.directory.locked':
    'Your directory account is locked after too many failed logins. Wait until it unlocks, or contact your IT department.',
  'login.directory.passwordExpired':
    'Your directory password has expired. Change it (for example by logging in to a Windows computer), then log in again.',
  'login.directory.accountExpired': 'Your directory account has expired. Contact your IT department.',
  'login.directory.mustChangePassword':
    'Your organisation requires you to change your password before you log in. Change it (for example by logging in to a Windows computer), then log in again.',

  // Single sign-on (web/sso/ and auth/sso/sso.service.ts).
  'sso.title.incomplete': 'Login could not be completed',
  'sso.title.unverified': 'Login could not be verified',
  'sso.title.refused': 'Login refused',
  'sso.title.notFound': 'Login option not found',
  'sso.title.tooMany': 'Too many login attempts',
  'sso.title.unavailable': 'Login not available',
  'sso.backToSignIn': 'Back to the login page',
  'sso.administrators': 'Administrators: {adminLogin}',
  'sso.noSuchOption': 'There is no such login option. Log in with your username and password.',
  'sso.notOffered': 'Login with {provider} is not offered here. Log in with your username and password.',
  'sso.notAdmin':
    '{username} does not have administrator access. Use the User Web Interface, or ask an administrator to grant admin rights.',
  'sso.expired': 'The login request expired or was already used. Start again.',
  'sso.tooManyStarts': 'Too many login attempts from this address; wait a minute.',
  'sso.noSource': 'This login option is not linked to a directory source any more. Ask your administrator.',
  'sso.unavailable':
    '{provider} login is not available right now; log in with your username and password or try later.',
  'sso.providerError':
    '{provider} did not log you in ({detail}). Start again, or log in with your username and password.',
  'sso.codeRefused': '{provider} refused to complete the login ({detail}). Start again.',
  'sso.invalidAnswer':
    "The provider's answer could not be verified ({detail}). Start again; if it keeps happening, tell your administrator.",
  'sso.samlInvalidAnswer':
    "{provider}'s answer could not be verified: {detail} Start again; if it keeps happening, tell your administrator.",
  'sso.missingClaim':
    'The provider\'s answer could not be used: its ID token has no "{claim}" claim. Tell your administrator.',
  'sso.emailUnverified':
    '{provider} has not verified the email address {email}, so it cannot be used to log in. Verify it there, or ask your administrator.',
  'sso.notWorkspace':
    "No Quire account is linked to {shown}: only accounts of this organisation's Google Workspace can log in here.",
  'sso.notLinked':
    'No Quire account is linked to {shown}. Ask your administrator to synchronize your account.',
  'sso.cannotCreate':
    'No Quire account is linked to {shown}, and none can be created: {why} Ask your administrator.',
  'sso.why.noAllowedDomains': 'no email domains are allowed for new accounts.',
  'sso.why.emailUnverified': '{provider} has not verified the email address.',
  'sso.why.otherDomain':
    '{hasEmail, select, yes {the email address} other {an email address}} must be in {domains}.',
  'sso.why.workspace': 'the Google account must belong to the Google Workspace of {domains}.',
  'sso.badUsername': 'No Quire account could be created for {shown}: {problem} Ask your administrator.',
  'sso.usernameTaken':
    'No Quire account is linked to {shown}, and another account named {username} already exists. Ask your administrator.',
  'sso.lookalike':
    'No Quire account could be created for {shown}: the name {username} looks like the existing user {existing}. Ask your administrator.',
  'sso.disabled': 'Your Quire account {username} is disabled. Ask your administrator.',

  // Error pages (components/error-page.tsx and the server's error handler).
  'error.back.user': 'Go to the User Web Interface',
  'error.back.admin': 'Go to the Admin Console',
  'error.back.start': 'Go to the start page',
  'error.title.accessDenied': 'Access denied',
  'error.title.notFound': 'Page not found',
  'error.title.notPossible': 'Not possible',
  'error.title.other': 'Something is not right',
  'error.title.tooLarge': 'Too much data',
  'error.title.badRequest': 'Bad request',
  'error.title.serverError': 'Something went wrong',
  'error.message.notFound': 'There is no page at this address.',
  'error.message.tooLarge':
    'The form sent more data than this server accepts. Please shorten it and try again.',
  'error.message.badRequest': 'The request could not be understood. Please go back and try again.',
  'error.message.serverError':
    'The server could not complete this request. Nothing was changed. Please try again; if it keeps happening, tell your administrator.',
  'error.message.csrf':
    'This form has expired or did not come from this site. Please go back, reload the page and try again.',
  'error.message.forbidden': 'You do not have permission to do that.',
  'error.message.tooManyAttempts':
    'Too many failed attempts from this address. Try again in {seconds, plural, one {# second} other {# seconds}}.',

  // User Web Interface: navigation and shared links.
  'user.nav.summary': 'Summary',
  'user.nav.changeDetails': 'Change Details',
  'user.nav.adminConsole': 'Admin Console',
  'user.backToLogin': 'Back to Log in',
  'user.logIn': 'Log in',
  'user.backToChangeDetails': 'Back to Change Details',
  'user.none': '—',

  // Summary.
  'user.summary.title': 'Summary',
  'user.summary.account': 'Account',
  'user.summary.username': 'Username',
  'user.summary.fullName': 'Full name',
  'user.summary.email': 'Email',
  'user.summary.department': 'Department',
  'user.summary.office': 'Office',
  'user.summary.cardNumber': 'Card/ID number',
  'user.summary.cardOnFile': 'On file',
  'user.summary.accountType': 'Account type',
  'user.summary.internal': 'Internal user (password managed in Quire)',
  'user.summary.synced': 'Synchronized from {source}',
  'user.summary.balanceTitle': 'Balance',
  'user.summary.balance': 'Balance',
  'user.summary.status': 'Status',
  'user.summary.restricted': 'Restricted: printing stops when the balance would fall below {limit}',
  'user.summary.unrestricted': 'Unrestricted',
  'user.summary.thisMonth': 'This month',
  'user.summary.monthPages': 'Pages printed',
  'user.summary.monthJobs': 'Print jobs',
  'user.summary.chartTitle': 'Balance over the last {days} days',
  'user.summary.chartSummary':
    'Balance from {from}: {start} at the start, {end} now; lowest {lowest}, highest {highest}.',
  'user.summary.chartToday': 'Today: {balance}',

  // Transaction History and Recent Print Jobs.
  'user.nav.transactions': 'Transaction History',
  'user.nav.jobs': 'Recent Print Jobs',
  'user.transactions.title': 'Transaction History',
  'user.transactions.caption': 'Your transactions, newest first',
  'user.transactions.time': 'Time',
  'user.transactions.type': 'Type',
  'user.transactions.amount': 'Amount',
  'user.transactions.balanceAfter': 'Balance after',
  'user.transactions.comment': 'Comment',
  'user.transactions.empty': 'There are no transactions on your account yet.',
  'user.transactions.older': 'Older transactions',
  'user.ledgerType.adjustment': 'Adjustment',
  'user.ledgerType.printCharge': 'Printing',
  'user.ledgerType.refund': 'Refund',
  'user.ledgerType.quota': 'Quota',
  'user.ledgerType.initialCredit': 'Initial credit',
  'user.ledgerType.transfer': 'Transfer',
  'user.ledgerType.cardRedemption': 'Card redemption',
  'user.jobs.title': 'Recent Print Jobs',
  'user.jobs.caption': 'Your print jobs, newest first',
  'user.jobs.time': 'Time',
  'user.jobs.printer': 'Printer',
  'user.jobs.document': 'Document',
  'user.jobs.pages': 'Pages',
  'user.jobs.cost': 'Cost',
  'user.jobs.status': 'Status',
  'user.jobs.empty': 'You have not printed anything yet.',
  'user.jobs.older': 'Older print jobs',
  'user.jobStatus.printed': 'Printed',
  'user.jobStatus.denied': 'Denied: {reason}',
  'user.jobStatus.refunded': 'Refunded',
  'user.jobStatus.cancelled': 'Cancelled',

  // Rates and Shared Accounts.
  'user.nav.rates': 'Rates',
  'user.nav.sharedAccounts': 'Shared Accounts',
  'user.rates.title': 'Rates',
  'user.rates.caption': 'Price per page on each printer',
  'user.rates.printer': 'Printer',
  'user.rates.gray': 'Grayscale page',
  'user.rates.color': 'Colour page',
  'user.rates.duplex': 'Double-sided discount',
  'user.rates.percent': '{percent} %',
  'user.rates.empty': 'No printer is available.',
  'user.shared.title': 'Shared Accounts',
  'user.shared.caption': 'Shared accounts you may charge',
  'user.shared.name': 'Account',
  'user.shared.balance': 'Balance',
  'user.shared.empty': 'You may not charge any shared account.',

  // Change Details.
  'user.changeDetails.title': 'Change Details',
  'user.changeDetails.mustChange': 'You must change your password before you continue.',
  'user.changeDetails.done.password': 'Your password was changed. You were signed out everywhere else.',
  'user.changeDetails.done.sessions': 'You were signed out everywhere else.',
  'user.changeDetails.done.emailSent':
    'We sent a link to your new email address. Your address changes when you follow it.',
  'user.changeDetails.done.emailCancelled': 'The email change was cancelled; its link no longer works.',
  'user.changeDetails.done.language': 'Your language was saved.',
  'user.changePassword.title': 'Change Password',
  'user.changePassword.directoryIntro':
    'This changes your password in {label} ({source}), for every system that uses it.',
  'user.changePassword.currentPassword': 'Current password',
  'user.changePassword.newPassword': 'New password',
  'user.changePassword.confirmPassword': 'Confirm new password',
  'user.changePassword.directoryHint':
    'Your directory’s password policy applies (length, complexity, history).',
  'user.changePassword.submit': 'Change Password',
  'user.password.title': 'Your password',
  'user.password.managedBy': 'Your password is managed by {label}.',
  'user.password.managedByIn': 'Your password is managed by {label} ({source}).',
  'user.password.notHere':
    "It cannot be changed here. Change it where you log in to your organisation's other systems.",
  'user.email.title': 'Email address',
  'user.email.current': 'Your email address is {email}. Password reset links are sent there.',
  'user.email.none': 'You have no email address, so a forgotten password cannot be reset by email.',
  'user.email.pending':
    'A confirmation link was sent to {email}. Your address changes when you follow it (within 24 hours).',
  'user.email.cancel': 'Cancel this change',
  'user.email.newEmail': 'New email address',
  'user.email.newEmailHint':
    'We send a link to this address; it changes when you follow it, and your current address gets a notice.',
  'user.email.currentPassword': 'Current password',
  'user.email.submit': 'Send confirmation link',
  'user.sessions.title': 'Where you are logged in',
  'user.sessions.caption': 'Your active sessions, most recently seen first',
  'user.sessions.browser': 'Browser',
  'user.sessions.address': 'Address',
  'user.sessions.signedIn': 'Logged in',
  'user.sessions.lastSeen': 'Last seen',
  'user.sessions.thisSession': 'This session',
  'user.sessions.signOutOthers': 'Log out all other sessions ({count})',
  'user.sessions.noOthers': 'You are not logged in anywhere else.',
  'user.sessions.agent': '{browser} on {system}',
  'user.sessions.agentUnknown': 'Unknown browser',
  'user.language.title': 'Language',
  'user.language.label': 'Language of these pages and of messages to you',
  'user.language.automatic': 'Automatic (your browser’s language)',
  'user.language.submit': 'Save language',

  // Forgot your password? and the reset link.
  'user.forgot.title': 'Forgot your password?',
  'user.forgot.intro':
    'If your account is managed in {organization}, enter your username or email address and we will send you a link to choose a new password.',
  'user.forgot.identifier': 'Username or email',
  'user.forgot.submit': 'Send reset link',
  'user.forgot.empty': 'Enter your username or email address.',
  'user.resetRequested.title': 'Check your email',
  'user.resetRequested.notice':
    'If an internal account matches, we sent a link to its email address. The link works once, for one hour.',
  'user.resetRequested.noMessage':
    "No message after a few minutes? Check your spam folder. Accounts whose password is managed by your organisation's directory, and accounts without an email address, get no message.",
  'user.reset.title': 'Choose a new password',
  'user.reset.submit': 'Set new password',
  'user.reset.signsOut': 'Setting a new password signs you out everywhere.',
  'user.resetInvalid.title': 'This link cannot be used',
  'user.resetInvalid.notice':
    'This password reset link is not valid: it has been used already, a newer link replaced it, it is more than an hour old, or it was not copied completely.',
  'user.resetInvalid.askAgain': 'Ask for a new link',
  'user.resetDone.title': 'Your password was changed',
  'user.resetDone.notice':
    'Your new password is set. You were signed out everywhere; log in with the new password.',

  // The emailed email-change link.
  'user.confirmEmail.title': 'Confirm your new email address',
  'user.confirmEmail.question': 'Use {email} as the email address of the account {username}?',
  'user.confirmEmail.submit': 'Confirm email address',
  'user.emailConfirmed.title': 'Your email address was changed',
  'user.emailConfirmed.notice': 'The new address is saved. Your previous address was told about the change.',
  'user.emailLinkInvalid.title': 'This link cannot be used',
  'user.emailLinkInvalid.notice':
    'This confirmation link is not valid: it has been used already, a newer request or a cancellation replaced it, it is more than 24 hours old, or it was not copied completely.',

  // Self-registration.
  'register.title': 'Register',
  'register.intro': 'Create an account. We email you a link; the account works once you have opened it.',
  'register.username': 'Username',
  'register.usernameHint': 'Up to 64 characters, without "/", "\\" or "@".',
  'register.fullName': 'Full name',
  'register.email': 'Email',
  'register.emailHint': 'The activation link is sent here.',
  'register.emailHintDomain': 'The activation link is sent here. It must be an address at {domain}.',
  'register.emailHintDomains':
    'The activation link is sent here. It must be an address at one of: {domains}.',
  'register.password': 'Password',
  'register.confirmPassword': 'Confirm password',
  'register.submit': 'Register',
  'register.haveAccount': 'Already have an account? {logIn}',
  'register.sent.title': 'Check your email',
  'register.sent.notice': 'We sent a link to the email address you entered.',
  'register.sent.text':
    'Open it within 24 hours to activate your account; until then you cannot log in. If no message arrives, look in your spam folder, or register again.',
  'register.notSent.title': 'Email not sent',
  'register.notSent.notice': 'We could not send the activation email, so no account was created.',
  'register.notSent.text': 'Please try again later. If it keeps happening, tell your administrator.',
  'register.activate.title': 'Activate your account',
  'register.activate.text': 'Your email address is confirmed once you activate the account.',
  'register.activate.submit': 'Activate my account',
  'register.verified.title': 'Account activated',
  'register.verified.notice': 'Your account {username} is ready.',
  'register.link.invalid.title': 'This link does not work',
  'register.link.invalid.text':
    'The link is not valid or has already been used. If you already activated your account, log in; otherwise register again.',
  'register.link.expired.title': 'This link has expired',
  'register.link.expired.text': 'Activation links work for 24 hours. Please register again.',
  'register.link.taken.title': 'This username is no longer free',
  'register.link.taken.text':
    'Someone else took this username before the account was activated. Please register again with another username.',

  // The password policy under a new-password field (passwords/policy hint).
  'policy.minLength': 'At least {min} characters; a long passphrase is best.',
  'policy.refuseCommonAndUsername': 'Very common passwords and the username are refused.',
  'policy.refuseCommon': 'Very common passwords are refused.',
  'policy.refuseUsername': 'The username is refused as a password.',
  'policy.history':
    '{count, plural, one {The current password cannot be used again.} other {The last # passwords cannot be used again.}}',

  // Form errors the services report (ValidationError with a LocalText).
  'problem.password.tooShort': 'Passwords must be at least {min} characters long.',
  'problem.password.tooLong': 'Passwords may be at most {max} characters long.',
  'problem.password.sameAsUsername': 'The password may not be the same as the username.',
  'problem.password.common':
    'This password is one of the most commonly used passwords. Please choose another.',
  'problem.password.usedRecently':
    'This password was used recently. Choose one that is not among the last {count}.',
  'problem.password.enterNew': 'Enter a new password.',
  'problem.password.enterCurrent': 'Enter your current password.',
  'problem.password.mustDiffer': 'The new password must differ from the current one.',
  'problem.password.newMismatch': 'The two new passwords do not match.',
  'problem.password.mismatch': 'The two passwords do not match.',
  'problem.password.currentWrong': 'The current password is not correct.',
  'problem.email.enterNew': 'Enter your new email address.',
  'problem.email.same': 'This is already your email address.',
  'problem.email.invalid': 'Enter an email address like name@example.org.',
  'problem.register.enterFullName': 'Enter your full name.',
  'problem.register.enterEmail':
    'Enter your email address: the link that activates your account is sent to it.',
  'problem.register.emailDomain': 'Use an email address at {domain}.',
  'problem.register.emailDomains': 'Use an email address at one of: {domains}.',
  'problem.register.taken': 'The username "{username}" is taken. Please choose another.',
  'problem.language.unknown': 'Choose one of the languages offered.',
  'problem.username.empty': 'Enter a username.',
  'problem.username.tooLong': 'Usernames are at most {max} characters.',
  'problem.username.forbidden': 'Usernames may not contain "/", "\\" or "@".',
  'problem.username.dots': 'Usernames may not be "." or "..".',
  'problem.username.unprintable': 'Usernames may contain only printable characters.',
  'problem.username.mixedScripts':
    'Usernames may not mix letters of different scripts ({scripts}): such a name can look like another.',
  'problem.username.invisible':
    'Usernames may not contain invisible characters (such as a joiner or a variation selector).',
  'problem.username.lookalike':
    'This username looks like the existing user "{existing}" (letters or digits that look alike). Choose a different name.',
  // A text field's problems (text.ts, users/user-details.ts); {label} names the field.
  'problem.text.tooLong': '{label} is at most {max} characters.',
  'problem.text.control':
    '{label} may contain only printable characters (no control characters such as NUL).',
  'problem.text.controlOneLine':
    '{label} may contain only printable characters on one line (no control characters such as NUL).',
  'problem.text.surrogate': '{label} contains a broken character (an unpaired UTF-16 surrogate).',
  // The accounting services' form errors (problems/accounting.en.ts).
  ...accountingProblemsEn,
  ...releaseEn,
  ...accountEn,
  ...adminLinksEn,
  ...twoFactorEn,
  ...freshLoginEn,
  'detail.fullName': 'Full name',
  'detail.email': 'Email',
  'detail.department': 'Department',
  'detail.office': 'Office',
  'detail.notes': 'Notes',
  'detail.cardNumber': 'Primary card/ID number',
  'detail.cardNumber2': 'Secondary card/ID number',
  'detail.usernameAlias': 'Username alias',
  'detail.homeFolder': 'Home folder',
  // A directory refusing a password change (directory/ldap/ad.errors.ts).
  'problem.directory.policy':
    "The new password does not meet the directory's password policy (length, complexity or history).",
  'problem.directory.notAllowed':
    'The directory does not allow you to change your own password. Ask your administrator.',
  'problem.directory.encryptionRequired':
    'The directory accepts password changes only over an encrypted connection (ldaps:// or StartTLS). Ask your administrator.',
  'problem.directory.refused': 'The directory refused the password change (LDAP result {code}).',
  'problem.directory.disabled': 'This account is disabled in the directory.',
  'problem.directory.locked':
    'This account is locked in the directory. Try again later or ask your administrator.',
  'problem.directory.passwordExpired':
    'This password has expired. Change it where your organisation changes expired passwords (for example at a Windows login).',
  'problem.directory.accountExpired': 'This account has expired in the directory.',
  'problem.directory.mustChangePassword':
    'The directory requires a new password at the next Windows login; change it there.',

  // Mail (mail/mail.templates.tsx and the flows that send one).
  'mail.buttonFallback': 'If the button does not work, copy this address into your browser: {url}',
  'mail.reset.subject': 'Reset your {organization} password',
  'mail.reset.body':
    'Someone asked to reset the password of the {organization} account "{username}". If it was you, choose a new password with the link below. It works once, for {minutes} minutes.',
  'mail.reset.ignore': 'If you did not ask for this, ignore this message: your password stays as it is.',
  'mail.reset.link': 'Choose a new password',
  'mail.passwordChanged.subject': 'Your {organization} password was changed',
  'mail.passwordChanged.body':
    'The password of the {organization} account "{username}" was changed with a reset link sent to this address. You were signed out everywhere.',
  'mail.notYou': 'If you did not do this, contact your administrator at once. {help}',
  'mail.emailChange.subject': 'Confirm your new {organization} email address',
  'mail.emailChange.body':
    'The {organization} account "{username}" asked to use this address from now on. Confirm it with the link below; it works once, for {hours} hours.',
  'mail.emailChange.ignore': 'If you did not ask for this, ignore this message: nothing changes.',
  'mail.emailChange.link': 'Confirm this email address',
  'mail.emailChanged.subject': 'Your {organization} email address was changed',
  'mail.emailChanged.body':
    'The email address of the {organization} account "{username}" was changed from this address to {newEmail}. Messages about the account, such as password reset links, now go there.',
  'mail.register.subject': 'Activate your {organization} account',
  'mail.register.body':
    'Someone, hopefully you, registered the username "{username}" at {organization} with this email address.',
  'mail.register.open': 'To activate the account, open the link below within 24 hours. It works once.',
  'mail.register.ignore':
    'If this was not you, ignore this message: without the link, no account is created.',
  'mail.register.link': 'Activate my account',
  'mail.welcome.subject': 'Your {organization} account',
  'mail.welcome.body':
    'An account named "{username}" was created for you. Your administrator tells you its password; you can change it under Change Details once you have logged in.',
  'mail.welcome.link': 'Log in',
} as const;

export type MessageKey = keyof typeof en;
