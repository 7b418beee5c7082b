/**
 * The Admin Console's words: Logs (the section's tabs, and the filter form, CSV link and paging
 * the Job Log and the Transaction Log share: logs.pages.tsx, log-filter.ts) and the Transaction
 * Log (transactions.pages.tsx).
 */
export const transactionLogEn = {
  'admin.nav.logs': 'Logs',
  'admin.tab.logs.jobs': 'Job Log',
  'admin.tab.logs.transactions': 'Transaction Log',

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

  'admin.transactions.title': 'Transaction Log',
  'admin.transactions.filter': 'Filter transactions',
  'admin.transactions.userHint':
    'Who made the change: the user who printed, or the administrator who adjusted',
  'admin.transactions.apply': 'Show transactions',
  'admin.transactions.csv': 'Export as CSV',
  'admin.transactions.caption': 'Transactions of every account, newest first',
  'admin.transactions.empty': 'No transactions match.',
  'admin.transactions.column.when': 'Date',
  'admin.transactions.column.by': 'By',
  'admin.transactions.column.type': 'Type',
  'admin.transactions.column.amount': 'Amount',
  'admin.transactions.column.balanceAfter': 'Balance after',
  'admin.transactions.column.comment': 'Comment',
  'admin.transactions.personal': '{name} (personal)',
  'admin.transactions.pages': 'Pages of transactions',

  'admin.ledgerType.adjustment': 'Adjustment',
  'admin.ledgerType.printCharge': 'Printing',
  'admin.ledgerType.refund': 'Refund',
  'admin.ledgerType.quota': 'Quota',
  'admin.ledgerType.initialCredit': 'Initial credit',
  'admin.ledgerType.transfer': 'Transfer',
  'admin.ledgerType.cardRedemption': 'Card redemption',
  'admin.jobStatus.printed': 'Printed',
  'admin.jobStatus.denied': 'Denied',
  'admin.jobStatus.refunded': 'Refunded',
  'admin.jobStatus.cancelled': 'Cancelled',
} as const;
