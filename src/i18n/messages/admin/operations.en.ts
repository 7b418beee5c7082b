/** The Admin Console's words: operations (operations.pages.tsx). */
export const operationsEn = {
  'admin.operations.schemaNewer': 'Newer than this server: {names} unknown',
  'admin.operations.schemaPending': '{count} migrations pending: {names}',
  'admin.operations.schemaApplied': '{count} migrations applied, none pending',
  'admin.operations.title': 'Operations',
  'admin.operations.server': 'Server and database',
  'admin.operations.quireVersion': 'Quire version',
  'admin.operations.nodeVersion': 'Node.js version',
  'admin.operations.database': 'Database',
  'admin.operations.databaseSize': 'Database size',
  'admin.operations.bytes': '{count, plural, one {# byte} other {# bytes}}',
  'admin.operations.kib': '{value, number, ::.0} KiB',
  'admin.operations.mib': '{value, number, ::.0} MiB',
  'admin.operations.gib': '{value, number, ::.0} GiB',
  'admin.operations.tib': '{value, number, ::.0} TiB',
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
} as const;
