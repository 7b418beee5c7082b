/**
 * The accounting verbs of `quire server-command` (cli/server-command.commands.ts runs them):
 * balances, account selection, shared accounts, printers, group quotas and jobs, each calling the
 * PaperCut method of the same name. Amounts are written as decimals (`5`, `-1.25`); `true`/`false`
 * and whole numbers where PaperCut's method takes a boolean or an int.
 *
 *   quire server-command adjust-user-account-balance alice 5 "Top-up"
 *   quire server-command list-printers | xargs -I{} sh -c 'echo {}'
 */
export const ACCOUNTING_VERBS = {
  'get-user-account-balance': {
    method: 'api.getUserAccountBalance',
    args: ['username', 'account-name?'],
    output: 'value',
  },
  'adjust-user-account-balance': {
    method: 'api.adjustUserAccountBalance',
    args: ['username', 'adjustment', 'comment', 'account-name?'],
    output: 'none',
  },
  'adjust-user-account-balance-if-available': {
    method: 'api.adjustUserAccountBalanceIfAvailable',
    args: ['username', 'adjustment', 'comment', 'account-name?'],
    output: 'value',
  },
  'adjust-user-account-balance-if-available-leave-remaining': {
    method: 'api.adjustUserAccountBalanceIfAvailableLeaveRemaining',
    args: ['username', 'adjustment', 'leave-remaining', 'comment', 'account-name?'],
    output: 'value',
  },
  'adjust-user-account-balance-by-card-number': {
    method: 'api.adjustUserAccountBalanceByCardNumber',
    args: ['card-number', 'adjustment', 'comment', 'account-name?'],
    output: 'value',
  },
  'adjust-user-account-balance-by-group': {
    method: 'api.adjustUserAccountBalanceByGroup',
    args: ['group', 'adjustment', 'comment', 'account-name?'],
    output: 'none',
  },
  'adjust-user-account-balance-by-group-up-to': {
    method: 'api.adjustUserAccountBalanceByGroupUpTo',
    args: ['group', 'adjustment', 'limit', 'comment', 'account-name?'],
    output: 'none',
  },
  'set-user-account-balance': {
    method: 'api.setUserAccountBalance',
    args: ['username', 'balance', 'comment', 'account-name?'],
    output: 'none',
  },
  'set-user-account-balance-by-group': {
    method: 'api.setUserAccountBalanceByGroup',
    args: ['group', 'balance', 'comment', 'account-name?'],
    output: 'none',
  },
  'get-user-overdraft-mode': { method: 'api.getUserOverdraftMode', args: ['username'], output: 'value' },
  'set-user-overdraft-mode': {
    method: 'api.setUserOverdraftMode',
    args: ['username', 'mode'],
    output: 'none',
  },
  'reset-user-counts': { method: 'api.resetUserCounts', args: ['username', 'reset-by'], output: 'none' },
  'reapply-initial-user-settings': {
    method: 'api.reapplyInitialUserSettings',
    args: ['username'],
    output: 'none',
  },
  'disable-printing-for-user': {
    method: 'api.disablePrintingForUser',
    args: ['username', 'disable-mins'],
    output: 'none',
  },
  'set-user-account-selection-auto-select-shared-account': {
    method: 'api.setUserAccountSelectionAutoSelectSharedAccount',
    args: ['username', 'account-name', 'charge-to-personal'],
    output: 'none',
  },
  'set-user-account-selection-auto-charge-personal': {
    method: 'api.setUserAccountSelectionAutoChargePersonal',
    args: ['username', 'with-popup-confirmation?'],
    output: 'none',
  },
  'set-user-account-selection-standard-popup': {
    method: 'api.setUserAccountSelectionStandardPopup',
    args: [
      'username',
      'allow-personal',
      'allow-list-selection',
      'allow-pin-code',
      'allow-printing-as-other-user',
      'charge-to-personal-when-shared-selected',
      'default-shared-account?',
    ],
    output: 'none',
  },
  'set-user-account-selection-advanced-popup': {
    method: 'api.setUserAccountSelectionAdvancedPopup',
    args: [
      'username',
      'allow-personal',
      'charge-to-personal-when-shared-selected',
      'default-shared-account?',
    ],
    output: 'none',
  },
  'add-new-shared-account': { method: 'api.addNewSharedAccount', args: ['account'], output: 'none' },
  'rename-shared-account': {
    method: 'api.renameSharedAccount',
    args: ['current-name', 'new-name'],
    output: 'none',
  },
  'delete-existing-shared-account': {
    method: 'api.deleteExistingSharedAccount',
    args: ['account'],
    output: 'none',
  },
  'shared-account-exists': { method: 'api.isSharedAccountExists', args: ['account'], output: 'value' },
  'list-shared-accounts': { method: 'api.listSharedAccounts', args: [], output: 'lines', all: true },
  'list-user-shared-accounts': {
    method: 'api.listUserSharedAccounts',
    args: ['username'],
    output: 'lines',
    all: true,
  },
  'get-shared-account-account-balance': {
    method: 'api.getSharedAccountAccountBalance',
    args: ['account'],
    output: 'value',
  },
  'adjust-shared-account-account-balance': {
    method: 'api.adjustSharedAccountAccountBalance',
    args: ['account', 'adjustment', 'comment'],
    output: 'none',
  },
  'set-shared-account-account-balance': {
    method: 'api.setSharedAccountAccountBalance',
    args: ['account', 'balance', 'comment'],
    output: 'none',
  },
  'get-shared-account-property': {
    method: 'api.getSharedAccountProperty',
    args: ['account', 'property'],
    output: 'value',
  },
  'set-shared-account-property': {
    method: 'api.setSharedAccountProperty',
    args: ['account', 'property', 'value'],
    output: 'none',
  },
  'get-shared-account-overdraft-mode': {
    method: 'api.getSharedAccountOverdraftMode',
    args: ['account'],
    output: 'value',
  },
  'set-shared-account-overdraft-mode': {
    method: 'api.setSharedAccountOverdraftMode',
    args: ['account', 'mode'],
    output: 'none',
  },
  'add-shared-account-access-user': {
    method: 'api.addSharedAccountAccessUser',
    args: ['account', 'username'],
    output: 'none',
  },
  'add-shared-account-access-group': {
    method: 'api.addSharedAccountAccessGroup',
    args: ['account', 'group'],
    output: 'none',
  },
  'remove-shared-account-access-user': {
    method: 'api.removeSharedAccountAccessUser',
    args: ['account', 'username'],
    output: 'none',
  },
  'remove-shared-account-access-group': {
    method: 'api.removeSharedAccountAccessGroup',
    args: ['account', 'group'],
    output: 'none',
  },
  'disable-shared-account': {
    method: 'api.disableSharedAccount',
    args: ['account', 'disable-mins'],
    output: 'none',
  },
  'batch-import-shared-accounts': {
    method: 'api.batchImportSharedAccounts',
    args: ['file', 'test', 'delete-non-existent-accounts'],
    output: 'value',
  },
  'list-printers': { method: 'api.listPrinters', args: [], output: 'lines', all: true },
  'get-printer-property': {
    method: 'api.getPrinterProperty',
    args: ['server', 'printer', 'property'],
    output: 'value',
  },
  'set-printer-property': {
    method: 'api.setPrinterProperty',
    args: ['server', 'printer', 'property', 'value'],
    output: 'none',
  },
  'get-printer-cost-simple': {
    method: 'api.getPrinterCostSimple',
    args: ['server', 'printer'],
    output: 'value',
  },
  'set-printer-cost-simple': {
    method: 'api.setPrinterCostSimple',
    args: ['server', 'printer', 'cost-per-page'],
    output: 'none',
  },
  'add-printer-group': {
    method: 'api.addPrinterGroup',
    args: ['server', 'printer', 'group'],
    output: 'none',
  },
  'set-printer-groups': {
    method: 'api.setPrinterGroups',
    args: ['server', 'printer', 'groups'],
    output: 'none',
  },
  'enable-printer': { method: 'api.enablePrinter', args: ['server', 'printer'], output: 'none' },
  'disable-printer': {
    method: 'api.disablePrinter',
    args: ['server', 'printer', 'disable-mins'],
    output: 'none',
  },
  'delete-printer': { method: 'api.deletePrinter', args: ['server', 'printer'], output: 'none' },
  'rename-printer': {
    method: 'api.renamePrinter',
    args: ['server', 'printer', 'new-server', 'new-printer'],
    output: 'none',
  },
  'reset-printer-counts': {
    method: 'api.resetPrinterCounts',
    args: ['server', 'printer', 'reset-by'],
    output: 'none',
  },
  'add-printer-access-group': {
    method: 'api.addPrinterAccessGroup',
    args: ['server', 'printer', 'group'],
    output: 'none',
  },
  'remove-printer-access-group': {
    method: 'api.removePrinterAccessGroup',
    args: ['server', 'printer', 'group'],
    output: 'none',
  },
  'add-new-group': { method: 'api.addNewGroup', args: ['group'], output: 'none' },
  'remove-group': { method: 'api.removeGroup', args: ['group'], output: 'none' },
  'group-exists': { method: 'api.isGroupExists', args: ['group'], output: 'value' },
  'get-group-quota': { method: 'api.getGroupQuota', args: ['group'], output: 'lines' },
  'set-group-quota': {
    method: 'api.setGroupQuota',
    args: ['group', 'amount', 'period', 'max-accumulation'],
    output: 'none',
  },
  'process-job': { method: 'api.processJob', args: ['job-details'], output: 'none' },
} as const;
