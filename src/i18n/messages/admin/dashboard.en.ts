/** The Admin Console's words: the Dashboard (dashboard.pages.tsx). */
export const dashboardEn = {
  'admin.nav.dashboard': 'Dashboard',
  'admin.dashboard.title': 'Dashboard',
  'admin.dashboard.printing': 'Printing',
  'admin.dashboard.pagesToday': 'Pages today',
  'admin.dashboard.jobsToday': 'Jobs today',
  'admin.dashboard.pagesWeek': 'Pages this week',
  'admin.dashboard.jobsWeek': 'Jobs this week',
  'admin.dashboard.personal': 'Personal balances',
  'admin.dashboard.personalValue':
    '{total} in {accounts, plural, one {# personal account} other {# personal accounts}}',
  'admin.dashboard.period':
    'Printed and refunded jobs count. The week began on Monday, {date}; days and weeks are in {zone} time.',
  'admin.dashboard.topPrinters': 'Top printers this week',
  'admin.dashboard.topUsers': 'Top users this week',
  'admin.dashboard.column.printer': 'Printer',
  'admin.dashboard.column.user': 'User',
  'admin.dashboard.column.pages': 'Pages',
  'admin.dashboard.column.jobs': 'Jobs',
  'admin.dashboard.nothingPrinted': 'Nothing printed this week yet.',
  'admin.dashboard.denied': 'Recent denied jobs',
  'admin.dashboard.deniedCaption': 'The latest denied jobs, newest first, with the reason',
  'admin.dashboard.deniedEmpty': 'No job has been denied.',
  'admin.dashboard.column.when': 'Date',
  'admin.dashboard.column.document': 'Document',
  'admin.dashboard.column.reason': 'Reason',
  'admin.dashboard.jobLog': 'Open the Job Log',
} as const;
