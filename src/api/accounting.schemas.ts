/**
 * The REST API's schemas for print accounting: personal and shared accounts, the ledger,
 * printers and their cost model, the job log, groups' credit settings. Money is always a decimal
 * string in the currency unit ("1.25", "-0.5"), never a JSON number: a float cannot hold 0.1
 * exactly, and Quire keeps amounts exact (ten-thousandths inside, see accounts/money.ts).
 *
 *   server.get('/users/:username/account', { schema: { response: { 200: Account } } }, …);
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { MAX_COMMENT } from '../accounts/ledger-text.js';
import { Page } from './schemas.js';

/** An amount as sent: checked and converted by `amountOf` (accounting.presenter.ts), for a 400 naming the field. */
export function AmountText(description: string) {
  return Type.String({
    maxLength: 40,
    description: `${description} A decimal string in the currency unit with up to 4 decimals, e.g. "1.25" or "-0.5"; never a JSON number.`,
    examples: ['1.25'],
  });
}

/** An amount as answered: the exact decimal, trailing zeros trimmed ("1.5", "-0.0125", "0"). */
export const Amount = (description: string) =>
  Type.String({ description: `${description} A decimal string in the currency unit.`, examples: ['1.25'] });

export const Comment = Type.String({
  maxLength: MAX_COMMENT,
  description: `One line, at most ${MAX_COMMENT} characters; stored with the ledger row.`,
});

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// ---------------------------------------------------------------------------------------------
// Accounts and the ledger

export const SELECTION_MODE_TEXT =
  '`auto-charge-personal`, `auto-select-shared` (with `sharedAccount`), `standard-popup` or `advanced-popup`.';

export const Selection = Type.Object(
  {
    mode: Type.String({
      maxLength: 40,
      description: `How the user’s jobs pick an account: ${SELECTION_MODE_TEXT}`,
    }),
    sharedAccount: Type.Optional(
      Nullable(
        Type.String({ maxLength: 200, description: 'The shared account `auto-select-shared` charges.' }),
      ),
    ),
  },
  { additionalProperties: false, title: 'AccountSelection' },
);
export type Selection = Static<typeof Selection>;

export const Account = Type.Object(
  {
    username: Type.String(),
    balance: Amount('The balance.'),
    restricted: Type.Boolean({
      description: 'A restricted account cannot be charged below minus its overdraft.',
    }),
    overdraft: Amount('How far below zero a restricted account may go.'),
    enabled: Type.Boolean(),
    disabledUntil: Nullable(Type.String({ description: 'Printing is refused until this time (ISO 8601).' })),
    selection: Type.Object({ mode: Type.String(), sharedAccount: Nullable(Type.String()) }),
    jobCount: Type.Integer(),
    pageCount: Type.Integer(),
  },
  { title: 'Account' },
);
export type Account = Static<typeof Account>;

export const AccountPutBody = Type.Object(
  {
    balance: Type.Optional(AmountText('The new balance; the difference is written as one adjustment.')),
    comment: Type.Optional(Comment),
    restricted: Type.Optional(Type.Boolean()),
    overdraft: Type.Optional(AmountText('Zero or more.')),
    enabled: Type.Optional(Type.Boolean()),
    selection: Type.Optional(Selection),
  },
  {
    additionalProperties: false,
    title: 'AccountChange',
    description: 'Only the fields given change; every field is checked before anything is written.',
  },
);
export type AccountPutBody = Static<typeof AccountPutBody>;

export const AdjustmentBody = Type.Object(
  {
    amount: AmountText('Added to the balance; negative to take.'),
    comment: Comment,
  },
  { additionalProperties: false, title: 'Adjustment' },
);
export type AdjustmentBody = Static<typeof AdjustmentBody>;

export const Transaction = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String(),
    type: Type.String({
      description:
        '`adjustment`, `print-charge`, `refund`, `quota`, `initial-credit`, `transfer` or `card-redemption`.',
    }),
    amount: Amount('The change.'),
    balanceAfter: Amount('The balance after this row.'),
    comment: Type.String(),
    actor: Type.String(),
    jobId: Nullable(Type.Integer()),
  },
  { title: 'Transaction' },
);
export type Transaction = Static<typeof Transaction>;
export const TransactionPage = Page(Transaction, 'TransactionPage');
export type TransactionPage = Static<typeof TransactionPage>;

// ---------------------------------------------------------------------------------------------
// Shared accounts

const sharedSettings = {
  restricted: Type.Optional(Type.Boolean()),
  overdraft: Type.Optional(AmountText('Zero or more.')),
  enabled: Type.Optional(Type.Boolean()),
  pin: Type.Optional(Type.String({ maxLength: 1000, description: 'The account’s PIN or code.' })),
  notes: Type.Optional(Type.String({ maxLength: 1000 })),
};

export const SharedAccount = Type.Object(
  {
    name: Type.String({ description: 'The full name; a sub-account is "Parent\\Child".' }),
    parent: Nullable(Type.String()),
    balance: Amount('The balance.'),
    restricted: Type.Boolean(),
    overdraft: Amount('How far below zero a restricted account may go.'),
    enabled: Type.Boolean(),
    disabledUntil: Nullable(Type.String()),
    hasPin: Type.Boolean({ description: 'Whether a PIN is set; the PIN itself is never returned.' }),
    notes: Type.String(),
    jobCount: Type.Integer(),
    pageCount: Type.Integer(),
  },
  { title: 'SharedAccount' },
);
export type SharedAccount = Static<typeof SharedAccount>;
export const SharedAccountPage = Page(SharedAccount, 'SharedAccountPage');
export type SharedAccountPage = Static<typeof SharedAccountPage>;

export const NewSharedAccountBody = Type.Object(
  {
    name: Type.String({ maxLength: 300, description: 'A sub-account is "Parent\\Child".' }),
    ...sharedSettings,
  },
  { additionalProperties: false, title: 'NewSharedAccount' },
);
export type NewSharedAccountBody = Static<typeof NewSharedAccountBody>;

export const SharedAccountPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 300, description: 'A new name (a rename).' })),
    ...sharedSettings,
    balance: Type.Optional(AmountText('The new balance; the difference is written as one adjustment.')),
    comment: Type.Optional(Comment),
  },
  {
    additionalProperties: false,
    title: 'SharedAccountChange',
    description: 'Only the fields given change; every field is checked before anything is written.',
  },
);
export type SharedAccountPatchBody = Static<typeof SharedAccountPatchBody>;

export const SharedAccountParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 300 }) });
export type SharedAccountParams = Static<typeof SharedAccountParams>;
export const SharedAccessUserParams = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 300 }),
  username: Type.String({ minLength: 1, maxLength: 200 }),
});
export type SharedAccessUserParams = Static<typeof SharedAccessUserParams>;
export const SharedAccessGroupParams = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 300 }),
  group: Type.String({ minLength: 1, maxLength: 300 }),
});
export type SharedAccessGroupParams = Static<typeof SharedAccessGroupParams>;

export const SharedAccess = Type.Object(
  { users: Type.Array(Type.String()), groups: Type.Array(Type.String()) },
  { title: 'SharedAccountAccess', description: 'Who may charge the account: users, and members of groups.' },
);
export type SharedAccess = Static<typeof SharedAccess>;
