/** The Admin Console's words: the Microsoft Entra ID source form (directory/entra-id/entra-id.form.tsx). */
export const entraSourceEn = {
  'admin.entraSource.label.name': 'Name',
  'admin.entraSource.label.tenantId': 'Directory (tenant) ID',
  'admin.entraSource.label.clientId': 'Application (client) ID',
  'admin.entraSource.label.clientSecret': 'Client secret',
  'admin.entraSource.label.certificatePem': 'Certificate',
  'admin.entraSource.label.privateKeyPem': 'Private key of the certificate',
  'admin.entraSource.label.usernameFrom': 'Username',
  'admin.entraSource.label.importGroups': 'Import groups',
  'admin.entraSource.label.pageSize': 'Page size',
  'admin.entraSource.label.timeoutMs': 'Timeout (milliseconds)',
  'admin.entraSource.label.graphUrl': 'Microsoft Graph URL',
  'admin.entraSource.label.loginUrl': 'Login URL',
  'admin.entraSource.setup': 'Before you start',
  'admin.entraSource.setup.register':
    'In the Microsoft Entra admin center, open App registrations → New registration, and register an application for Quire (single tenant, no redirect URI needed for synchronization).',
  'admin.entraSource.setup.permissions':
    'Under API permissions, add the Microsoft Graph {application} permissions {users} and {members}, then select “Grant admin consent”. Without admin consent, reading users fails.',
  'admin.entraSource.setup.application': 'application',
  'admin.entraSource.setup.secret':
    'Under Certificates & secrets, create a client secret (note its expiry date), or upload a certificate whose private key you give below.',
  'admin.entraSource.setup.ids':
    "Copy the Directory (tenant) ID and the Application (client) ID from the app''s Overview page.",
  'admin.entraSource.setup.signIn':
    'Users of this source log in with “Log in with Microsoft”; their passwords stay in Microsoft 365 and are never checked or stored here.',
  'admin.entraSource.app': 'Tenant and application',
  'admin.entraSource.nameHint': 'Such as "Contoso"; shown on the pages of its users.',
  'admin.entraSource.tenantIdHint': 'A GUID, or a verified domain such as contoso.onmicrosoft.com.',
  'admin.entraSource.clientIdHint': 'The GUID of the app registration.',
  'admin.entraSource.credential': 'Credential',
  'admin.entraSource.credentialIntro':
    'Give a client secret, or a certificate with its private key — not both.',
  'admin.entraSource.clientSecretHint':
    'The secret’s Value (not its ID). It is stored for the server’s own use and never shown again.',
  'admin.entraSource.certificateLabel': '{label} (instead of a secret)',
  'admin.entraSource.certificateHint':
    'PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----: the certificate uploaded to the app registration.',
  'admin.entraSource.keyStored': 'A private key is stored; leave empty to keep it.',
  'admin.entraSource.keyHint': 'Unencrypted PEM RSA key (-----BEGIN PRIVATE KEY-----). Never shown again.',
  'admin.entraSource.users': 'Users and groups',
  'admin.entraSource.importGroupsHint': 'Groups and their members (needs GroupMember.Read.All).',
  'admin.entraSource.pageSizeHint': 'Users per Graph page, 1 to 999. Empty: 999.',
  'admin.entraSource.timeoutHint': 'Per request. Empty: 60000 (one minute).',
  'admin.entraSource.clouds': 'National clouds (optional)',
  'admin.entraSource.graphUrlHint': 'Empty: https://graph.microsoft.com (global service).',
  'admin.entraSource.loginUrlHint': 'Empty: https://login.microsoftonline.com.',
  'admin.entraSource.addTitle': 'Add Microsoft Entra ID source',
  'admin.entraSource.test.noUsers': 'The directory returned no users.',
  'admin.entraSource.test.noGroups': 'The directory returned no groups (or groups are not imported).',
} as const;
