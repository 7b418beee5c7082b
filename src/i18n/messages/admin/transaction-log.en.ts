/**
 * The Admin Console's words: the filter form, CSV link and paging the logs share
 * (logs.pages.tsx, log-filter.ts).
 */
export const transactionLogEn = {
  'admin.logs.user': 'User',
  'admin.logs.account': 'Account',
  'admin.logs.accountHint': 'A shared account’s name, or a username for that user’s personal account',
  'admin.logs.from': 'From',
  'admin.logs.fromHint': 'The first day to show, like 2026-12-01 (days in {zone} time)',
  'admin.logs.to': 'To',
  'admin.logs.toHint': 'The last day to show, included (days in {zone} time)',
  'admin.logs.badDate': 'Give a date such as 2026-12-01.',
  'admin.logs.toBeforeFrom': 'The last day comes before the first day.',
  'admin.logs.column.account': 'Account',
  'admin.logs.newest': 'Newest',
  'admin.logs.older': 'Older',
} as const;
