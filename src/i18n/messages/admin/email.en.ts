/** The Admin Console's words: options → Email (mail.pages.tsx, mail.routes.tsx). */
export const emailEn = {
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
  'admin.mail.userHint': 'Leave empty if the server accepts mail without logging in.',
  'admin.mail.passwordSaved': 'A password is saved. Leave this empty to keep it.',
  'admin.mail.passwordHint': 'Used only with a user name.',
  'admin.mail.fromHint':
    "The address messages come from, such as print@example.org. The organisation's name is shown as the sender.",
  'admin.mail.save': 'Save email settings',
  'admin.mail.test': 'Send test email',
  'admin.mail.testHint': 'Sends a short message with the saved settings.',
  'admin.mail.done.saved': 'The email settings were saved.',
  'admin.mail.testSent': 'The mail server accepted a test email to {to}.',
} as const;
