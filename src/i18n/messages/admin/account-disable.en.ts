/**
 * The Admin Console's words: an account disabled for a while or until enabled again, and "Enable
 * now" (users-account.pages.tsx, shared-account.pages.tsx, account-ledger.pages.tsx).
 */
export const accountDisableEn = {
  'admin.account.printingState': 'Printing',
  'admin.account.printingAllowed': 'Allowed',
  'admin.account.printingDisabledUntil': 'Disabled until {until}',
  'admin.account.printingDisabled': 'Disabled until enabled again',
  'admin.account.enableNow': 'Enable now',
  'admin.done.printingEnabled': '{name} can print again.',
  'admin.shared.done.enabled': '{name} accepts charges again.',
} as const;
