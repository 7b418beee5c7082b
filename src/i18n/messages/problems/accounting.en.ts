/**
 * Form errors the accounting services report (ValidationError with a LocalText): amounts,
 * comments, account selection, shared accounts, printers and the log filters. Spread into
 * `en.ts`; `accounting.de.ts` and `accounting.es.ts` say the same in the shipped languages.
 */
export const accountingProblemsEn = {
  // Amounts as typed or sent (accounts/money.ts) and what they may do.
  'problem.amount.notAmount': '"{text}" is not an amount; write it like 5 or 1.25.',
  'problem.amount.tooLarge': 'The amount is too large.',
  'problem.amount.notFinite': 'The amount must be a finite number.',
  'problem.amount.outOfRange': 'The amount is out of range.',
  'problem.amount.balanceRange': 'The balance would leave the range Quire can hold.',
  'problem.amount.overdraft': 'The overdraft must be zero or more.',
  // Comments on ledger rows (accounts/ledger-text.ts).
  'problem.comment.tooLong': 'The comment may be at most {max} characters (it has {length}).',
  // A user's account selection (accounts/accounts.service.ts).
  'problem.selection.mode': 'The account selection must be one of: {modes}.',
  'problem.selection.chooseShared': 'Choose the shared account to charge.',
  // Shared accounts (accounts/shared-accounts.service.ts).
  'problem.shared.unknown': 'No shared account named "{name}".',
  'problem.shared.enterName': 'Enter a name; a sub-account is written "Parent\\Child".',
  'problem.shared.tooDeep': 'A sub-account may not have sub-accounts of its own.',
  'problem.shared.nameTooLong': 'The name may be at most {max} characters.',
  'problem.shared.renameKeepsLevel':
    'A rename keeps an account where it is: a sub-account stays under its parent.',
  'problem.shared.renameKeepsParent': 'A sub-account keeps its parent when renamed.',
  'problem.shared.ownParent': 'An account cannot be its own parent.',
  'problem.shared.hasChildren': '"{name}" has sub-accounts, so it cannot become one.',
  'problem.shared.exists': 'A shared account named "{name}" exists already.',
  // Printers (printers/printers.service.ts).
  'problem.printer.enterName': 'Enter a name.',
  'problem.printer.backslash': 'A name may not contain "\\".',
  'problem.printer.price': 'A price must be zero or more.',
  'problem.printer.discount': 'The duplex discount is a whole percentage from 0 to 100.',
  'problem.printer.sizes': 'At most {max} paper sizes.',
  'problem.printer.sizeTwice': 'The paper size "{size}" is listed twice.',
  'problem.printer.groups': 'At most {max} printer groups.',
  'problem.printer.ambiguous': 'Several servers have a printer named "{name}"; name the server too.',
  // A field's length (with no label: the field is beside it).
  'problem.text.atMost': 'At most {max} characters.',
  // The names of fields inside the text problems above (problem.text.*).
  'problem.label.name': 'The name',
  'problem.label.pin': 'The PIN',
  'problem.label.notes': 'The notes',
  'problem.label.comment': 'The comment',
  'problem.label.displayName': 'The display name',
  'problem.label.location': 'The location',
  // The Job Log's and Transaction Log's filters (accounts/log-query.ts).
  'problem.log.noUser': 'No user named "{name}".',
  'problem.log.noPrinter': 'No printer named "{name}".',
  'problem.log.noAccount': 'No account named "{name}": give a shared account\'s name or a user\'s username.',
} as const;

export type AccountingProblemKey = keyof typeof accountingProblemsEn;
