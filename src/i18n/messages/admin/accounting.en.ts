/**
 * The Admin Console's words: print accounting (a user's Account tab: users-account.pages.tsx,
 * users-account.routes.tsx).
 */
export const accountingEn = {
  'admin.users.user.account': 'Account',
  'admin.account.title': 'Account of {name}',
  'admin.account.summary': 'Balance and settings',
  'admin.account.balance': 'Balance',
  'admin.account.restricted': 'Restricted',
  'admin.account.restrictedYes': 'Yes: printing stops at the overdraft limit',
  'admin.account.restrictedNo': 'No: printing never stops for lack of credit',
  'admin.account.overdraft': 'Overdraft',
  'admin.account.selection': 'Account selection',
  'admin.account.sharedAccount': 'Shared account',
  'admin.account.sharedAccountHint': 'Only for “Charge a shared account automatically”.',
  'admin.account.jobsPages': 'Jobs and pages',
  'admin.account.jobsPagesValue':
    '{jobs, plural, one {# job} other {# jobs}}, {pages, plural, one {# page} other {# pages}}',

  'admin.account.adjust.title': 'Adjust balance',
  'admin.account.adjust.amount': 'Amount',
  'admin.account.adjust.amountHint': 'Positive to add credit, negative to take it, like 5 or -1.25.',
  'admin.account.adjust.comment': 'Comment',
  'admin.account.adjust.commentHint': 'Shown in the transaction list; at most 500 characters.',
  'admin.account.adjust.submit': 'Adjust balance',

  'admin.account.settings.title': 'Account settings',
  'admin.account.settings.restricted': 'Restricted (stop printing when the credit runs out)',
  'admin.account.settings.overdraftHint': 'How far below zero a restricted account may go, like 2.50.',
  'admin.account.settings.submit': 'Save account settings',

  'admin.account.transactions.title': 'Transactions',
  'admin.account.transactions.caption': 'Transactions of {name}, newest first',
  'admin.account.transactions.empty': 'No transactions yet.',
  'admin.account.transactions.when': 'Date',
  'admin.account.transactions.amount': 'Amount',
  'admin.account.transactions.balanceAfter': 'Balance after',
  'admin.account.transactions.type': 'Type',
  'admin.account.transactions.comment': 'Comment',
  'admin.account.transactions.by': 'By',
  'admin.account.transactions.pages': 'Pages of transactions',
  'admin.account.transactions.newest': 'Newest',
  'admin.account.transactions.older': 'Older',

  'admin.done.adjusted': 'The balance of {name} was adjusted.',
  'admin.done.accountSaved': 'The account settings of {name} were saved.',
} as const;
