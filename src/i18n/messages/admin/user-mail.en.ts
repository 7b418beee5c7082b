/**
 * The Admin Console's words for the mail an administrator sends a user: "Send password reset
 * email" on an internal user's Details tab, and the new user's log-in link (users-new.pages.tsx).
 */
export const userMailEn = {
  'admin.userMail.send': 'Send password reset email',
  'admin.userMail.hint': 'Emails {email} a link to choose a new password, valid for {minutes} minutes.',
  'admin.userMail.notInternal': 'The password of {name} is managed by their directory source.',
  'admin.userMail.noMailServer': 'No password reset email can be sent: mail is not set up (Options → Email).',
  'admin.userMail.noEmail': 'No password reset email can be sent: {name} has no email address.',
  'admin.userMail.disabled': 'No password reset email can be sent: {name} is disabled.',
  'admin.done.resetSent': 'A password reset email was sent to {name}.',
  'admin.done.resetFailed':
    'The password reset email to {name} could not be delivered. See Options → Email for the mail server’s reason.',
  'admin.done.createdLinkSent': '{name} was created, and a link to choose a password was emailed to them.',
  'admin.done.createdLinkFailed':
    '{name} was created, but the email with their link could not be delivered. Send a password reset email below once mail works, or set a password.',
  'admin.users.new.emailLink': 'Email the new user their log-in link',
  'admin.users.new.emailLinkHint':
    'They choose their own password through a link valid for {days} days, so the password below may be left empty. Needs an email address.',
  'admin.users.new.passwordOptional': 'With the log-in link emailed, you may leave it empty.',
  'admin.users.new.emailLinkNoMail': 'Mail is not set up (Options → Email), so no link can be emailed.',
  'admin.audit.do.user.password.link_sent': 'Password link emailed by an administrator',
} as const;
