/** The Admin Console's words: the Google Workspace source form (directory/google/google.form.tsx). */
export const googleSourceEn = {
  'admin.googleSource.label.name': 'Name',
  'admin.googleSource.label.serviceAccountKey': 'Service account key (JSON)',
  'admin.googleSource.label.adminEmail': 'Administrator email',
  'admin.googleSource.label.customer': 'Customer ID',
  'admin.googleSource.label.domain': 'Domain',
  'admin.googleSource.label.usernameFrom': 'Username',
  'admin.googleSource.label.importGroups': 'Import groups',
  'admin.googleSource.label.pageSize': 'Page size',
  'admin.googleSource.label.timeoutMs': 'Timeout (milliseconds)',
  'admin.googleSource.label.apiUrl': 'Directory API URL',
  'admin.googleSource.optional': '{label} (optional)',
  'admin.googleSource.keyStored': 'A key is stored; leave empty to keep it.',
  'admin.googleSource.keyStoredOf': 'A key of {email} is stored; leave empty to keep it.',
  'admin.googleSource.keyHint':
    'Paste the whole JSON key file. It is stored for the server’s own use and never shown again.',
  'admin.googleSource.setup': 'Before you start',
  'admin.googleSource.setup.project':
    'In the Google Cloud console, choose or create a project and enable the Admin SDK API (APIs & Services → Library → Admin SDK API).',
  'admin.googleSource.setup.account':
    'Under IAM & Admin → Service accounts, create a service account; under its Keys, add a JSON key and download it.',
  'admin.googleSource.setup.delegation':
    "In the Google Admin console, under Security → Access and data control → API controls → Manage domain-wide delegation, add the service account''s client ID with these scopes:",
  'admin.googleSource.setup.admin':
    'Give the email of an administrator allowed to read users and groups: the service account acts as this administrator.',
  'admin.googleSource.setup.signIn':
    'Users of this source log in with “Log in with Google”; their passwords stay in Google Workspace and are never checked or stored here.',
  'admin.googleSource.account': 'Service account',
  'admin.googleSource.nameHint': 'Such as "Example Workspace"; shown on the pages of its users.',
  'admin.googleSource.adminEmailHint': 'Such as admin@example.org.',
  'admin.googleSource.users': 'Users and groups',
  'admin.googleSource.customerHint': "Empty: my_customer (the administrator''s own account).",
  'admin.googleSource.domainHint': 'Only users of this domain. Empty: every domain of the account.',
  'admin.googleSource.importGroupsHint': 'Groups and their members, nested groups included.',
  'admin.googleSource.pageSizeHint': 'Users per page, 1 to 500. Empty: 500.',
  'admin.googleSource.timeoutHint': 'Per request. Empty: 60000 (one minute).',
  'admin.googleSource.apiUrlHint': 'Empty: https://admin.googleapis.com.',
  'admin.googleSource.addTitle': 'Add Google Workspace source',
  'admin.googleSource.test.noUsers': 'The directory returned no users.',
  'admin.googleSource.test.noGroups': 'The directory returned no groups (or groups are not imported).',
} as const;
