/** The Admin Console's words: the LDAP / Active Directory source form (directory/ldap/ldap.form.tsx). */
export const ldapSourceEn = {
  'admin.ldapSource.attr.username': 'Username attribute',
  'admin.ldapSource.attr.externalId': 'Immutable id attribute',
  'admin.ldapSource.attr.fullName': 'Full name attribute',
  'admin.ldapSource.attr.email': 'Email attribute',
  'admin.ldapSource.attr.department': 'Department attribute',
  'admin.ldapSource.attr.office': 'Office attribute',
  'admin.ldapSource.attr.cardNumber': 'Primary card/ID number attribute',
  'admin.ldapSource.attr.cardNumber2': 'Secondary card/ID number attribute',
  'admin.ldapSource.attr.otherEmails': 'Other emails attribute',
  'admin.ldapSource.attr.homeFolder': 'Home folder attribute',
  'admin.ldapSource.attr.cardPin': 'Card/ID PIN attribute (digits)',
  'admin.ldapSource.label.name': 'Name',
  'admin.ldapSource.label.preset': 'Directory type',
  'admin.ldapSource.label.allowPasswordChange': 'Allow users to change their directory password here',
  'admin.ldapSource.label.urls': 'Server URLs',
  'admin.ldapSource.label.caCertificate': 'CA certificate',
  'admin.ldapSource.label.bindDn': 'Bind DN',
  'admin.ldapSource.label.bindPassword': 'Bind password',
  'admin.ldapSource.label.baseDns': 'Base DNs',
  'admin.ldapSource.label.userFilter': 'User filter',
  'admin.ldapSource.label.groupFilter': 'Group filter',
  'admin.ldapSource.label.groupMemberAttributes': 'Group member attributes',
  'admin.ldapSource.label.pageSize': 'Page size',
  'admin.ldapSource.label.connectTimeoutMs': 'Connect timeout (milliseconds)',
  'admin.ldapSource.label.timeoutMs': 'Operation timeout (milliseconds)',
  'admin.ldapSource.label.startTls': 'Use StartTLS',
  'admin.ldapSource.optional': '{label} (optional)',
  'admin.ldapSource.notImported': 'not imported',
  'admin.ldapSource.emptyDefault': 'Empty: {value}.',
  'admin.ldapSource.presetValue': '{value} ({preset})',
  'admin.ldapSource.defaults.summary': 'What each directory type fills in for a field left empty',
  'admin.ldapSource.defaults.caption': 'Defaults of each directory type',
  'admin.ldapSource.defaults.field': 'Field',
  'admin.ldapSource.passwordStored': 'A password is stored; leave empty to keep it.',
  'admin.ldapSource.passwordNotResent':
    'Passwords are never sent back to the browser: type it again before you save.',
  'admin.ldapSource.passwordHint':
    'The password of the bind account. It is stored for the server’s own use and never shown again.',
  'admin.ldapSource.directory': 'Directory',
  'admin.ldapSource.nameHint': 'Such as "Staff Directory"; shown on the pages of its users.',
  'admin.ldapSource.connection': 'Connection',
  'admin.ldapSource.urlsHint':
    'One per line, in failover order: the next one is tried when a server cannot be reached. ldaps://dc1.example.org, or ldap://host:389 with StartTLS.',
  'admin.ldapSource.startTlsHint':
    'For ldap:// URLs: upgrade the connection to TLS before logging in. ldaps:// URLs are encrypted from the start.',
  'admin.ldapSource.caCertificateHint':
    "PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----: a private CA to trust besides the system''s.",
  'admin.ldapSource.bindDnHint':
    'The account Quire reads the directory with: a DN such as cn=quire,ou=services,dc=example,dc=org, or user@domain for Active Directory.',
  'admin.ldapSource.connectTimeoutHint': 'Empty: 10000 (10 seconds).',
  'admin.ldapSource.timeoutHint': 'Per search or login. Empty: 60000 (one minute).',
  'admin.ldapSource.search': 'Users and groups',
  'admin.ldapSource.baseDnsHint':
    'One per line; users and groups are searched under each, such as OU=Staff,DC=example,DC=org.',
  'admin.ldapSource.userFilterHint':
    "An LDAP filter. Empty: the directory type''s default (see the table above).",
  'admin.ldapSource.groupFilterHint': "Empty: the directory type''s default (see the table above).",
  'admin.ldapSource.groupMemberAttributesHint':
    'Attributes of a group that list its members, separated by commas. {defaults}',
  'admin.ldapSource.groupMemberAttributesJoin': ' and ',
  'admin.ldapSource.pageSizeHint': 'Entries per page of a search, 1 to 5000. Empty: 500.',
  'admin.ldapSource.attributes': 'Attribute mapping',
  'admin.ldapSource.attributesIntro':
    'Which directory attribute fills each user field. The immutable id identifies a user even after a rename, so a renamed account stays the same user here.',
  'admin.ldapSource.passwords': 'Passwords',
  'admin.ldapSource.allowPasswordChangeHint':
    'Off: the user pages say where the password is managed and show no password form. On: users change their directory password under Change Details, with their current one.',
  'admin.ldapSource.addTitle': 'Add LDAP / Active Directory source',
} as const;
