/**
 * The accounting properties of PaperCut's getUserProperty/setUserProperty: balance, restriction,
 * overdraft, printing disabled, account selection and print counts, read from and written through
 * the accounts service (a balance set here is one adjustment row in the ledger).
 *
 *   await getProperty(context, user, 'balance');                  // '12.5'
 *   await setProperty(context, 'alice', 'restricted', 'TRUE');
 */
import type { AccountRow } from '../../db/accounting.schema.js';
import type { UserRow } from '../../db/schema.js';
import { amountToDecimal } from '../../accounts/money.js';
import type { SelectionMode } from '../../accounts/account-selection.js';
import type { ApiContext } from '../papercut-call.js';
import { parseFlag, parseMoneyText } from './args.js';

export interface UserPropertyAccess {
  read?: (user: UserRow, context: ApiContext) => string | Promise<string>;
  write?: (context: ApiContext, username: string, value: string, name: string) => Promise<void>;
}

/** PaperCut's names of the account selection modes, as account-selection.mode answers them. */
export const PAPERCUT_SELECTION_NAMES: ReadonlyMap<SelectionMode, string> = new Map([
  ['auto-charge-personal', 'AUTO_CHARGE_TO_PERSONAL_ACCOUNT'],
  ['auto-select-shared', 'AUTO_CHARGE_TO_SHARED'],
  ['standard-popup', 'SHOW_ACCOUNT_SELECTION_POPUP'],
  ['advanced-popup', 'SHOW_ADVANCED_ACCOUNT_SELECTION_POPUP'],
] as const);

/** The comment on the ledger row a `balance` property write makes. */
export const BALANCE_PROPERTY_COMMENT = 'Balance set by web services';

const account = (c: ApiContext, user: UserRow): Promise<AccountRow> => c.services.accounts.personal(user);

/** Printing is disabled now: switched off, or disabled for some minutes that have not passed. */
export function printingDisabled(row: Pick<AccountRow, 'enabled' | 'disabled_until'>, now: Date): boolean {
  return row.enabled === 0 || (row.disabled_until !== null && row.disabled_until > now.toISOString());
}

export const USER_ACCOUNT_PROPERTIES: [string, UserPropertyAccess][] = [
  [
    'balance',
    {
      read: async (u, c) => amountToDecimal((await account(c, u)).balance),
      write: (c, username, value, name) =>
        c.services.accounts.setBalance(
          username,
          parseMoneyText(name, value),
          BALANCE_PROPERTY_COMMENT,
          c.actor,
        ),
    },
  ],
  [
    'restricted',
    {
      read: async (u, c) => String((await account(c, u)).restricted === 1),
      write: (c, username, value, name) =>
        c.services.accounts.update(username, { restricted: parseFlag(name, value) ? 1 : 0 }, c.actor),
    },
  ],
  [
    'overdraft-amount',
    {
      read: async (u, c) => amountToDecimal((await account(c, u)).overdraft),
      write: (c, username, value, name) =>
        c.services.accounts.update(username, { overdraft: parseMoneyText(name, value) }, c.actor),
    },
  ],
  [
    'disabled-print',
    {
      read: async (u, c) => String(printingDisabled(await account(c, u), new Date())),
      // TRUE: until enabled again (PaperCut's disablePrintingForUser with -1); FALSE: enabled now.
      write: (c, username, value, name) =>
        parseFlag(name, value)
          ? c.services.accounts.update(username, { enabled: 0 }, c.actor)
          : c.services.accounts.update(username, { enabled: 1, disabled_until: null }, c.actor),
    },
  ],
  [
    'account-selection.mode',
    {
      read: async (u, c) =>
        PAPERCUT_SELECTION_NAMES.get((await c.services.accounts.selection(u.username)).mode) ?? '',
    },
  ],
  [
    'auto-shared-account',
    {
      read: async (u, c) => {
        const selection = await c.services.accounts.selection(u.username);
        return selection.mode === 'auto-select-shared' ? (selection.sharedAccount ?? '') : '';
      },
    },
  ],
  ['print-stats.job-count', { read: async (u, c) => String((await account(c, u)).job_count) }],
  ['print-stats.page-count', { read: async (u, c) => String((await account(c, u)).page_count) }],
];
