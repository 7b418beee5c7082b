/**
 * PaperCut's methods on users' personal accounts: balances (get, adjust, adjust if available, by
 * card number, by group, set), overdraft mode, counts, initial settings, disabling printing, and
 * account selection. Amounts arrive as doubles and are converted once (args.ts `amount`); an
 * amount that is not a finite number within a billion is a fault and nothing is written.
 *
 * Quire keeps one personal account per user: the optional accountName (PaperCut's "multiple
 * personal accounts") must be empty, so a script naming another account fails instead of
 * silently charging the built-in one.
 */
import type { AccountsService } from '../../accounts/accounts.service.js';
import { ApiCallError, type ApiContext, type ApiMethod } from '../papercut-call.js';
import type { XmlRpcValue } from '../xmlrpc.codec.js';
import { amount, b, bool, dbl, disableMinutes, int, money, n, s, str } from './args.js';

/** The personal account PaperCut's optional accountName names; only the built-in one exists here. */
function personalOnly(accountName: XmlRpcValue | undefined): void {
  const name = s(accountName).trim();
  if (name !== '')
    throw new ApiCallError(
      `Quire keeps one personal account per user; leave accountName empty (no personal account "${name.slice(0, 100)}").`,
    );
}

const ok = async (work: Promise<unknown>) => {
  await work;
  return true;
};

/** PaperCut's overdraft modes: 'default' is Quire's default overdraft (zero); 'individual' keeps the account's own. */
export function overdraftMode(overdraft: number): string {
  return overdraft === 0 ? 'default' : 'individual';
}

export function checkOverdraftMode(mode: string): 'default' | 'individual' {
  const value = mode.trim().toLowerCase();
  if (value !== 'default' && value !== 'individual')
    throw new ApiCallError(`The overdraft mode is "individual" or "default", not "${mode.slice(0, 100)}".`);
  return value;
}

/** PaperCut's disablePrintingForUser: minutes, -1 until enabled, 0 enables now. */
async function disablePrinting(accounts: AccountsService, c: ApiContext, username: string, minutes: number) {
  if (disableMinutes(minutes) === -1) await accounts.update(username, { enabled: 0 }, c.actor);
  else if (minutes === 0) await accounts.enablePrinting(username, c.actor);
  else await accounts.disablePrinting(username, minutes, c.actor);
}

const BALANCE_METHODS: ApiMethod[] = [
  {
    name: 'api.getUserAccountBalance',
    params: [str('username'), str('accountName', true)],
    run: async (c, [u, account]) => {
      personalOnly(account);
      return money((await c.services.accounts.accountOf(s(u))).account.balance);
    },
  },
  {
    name: 'api.adjustUserAccountBalance',
    params: [str('username'), dbl('adjustment'), str('comment'), str('accountName', true)],
    run: async (c, [u, adj, comment, account]) => {
      personalOnly(account);
      return ok(c.services.accounts.adjust(s(u), amount('adjustment', adj), s(comment), c.actor));
    },
  },
  {
    name: 'api.adjustUserAccountBalanceIfAvailable',
    params: [str('username'), dbl('adjustment'), str('comment'), str('accountName', true)],
    run: async (c, [u, adj, comment, account]) => {
      personalOnly(account);
      const value = amount('adjustment', adj);
      return c.services.accounts.adjust(s(u), value, s(comment), c.actor, { ifAvailable: true });
    },
  },
  {
    name: 'api.adjustUserAccountBalanceIfAvailableLeaveRemaining',
    params: [
      str('username'),
      dbl('adjustment'),
      dbl('leaveRemaining'),
      str('comment'),
      str('accountName', true),
    ],
    run: async (c, [u, adj, leave, comment, account]) => {
      personalOnly(account);
      const value = amount('adjustment', adj);
      const leaveRemaining = amount('leaveRemaining', leave);
      return c.services.accounts.adjust(s(u), value, s(comment), c.actor, { leaveRemaining });
    },
  },
  {
    name: 'api.adjustUserAccountBalanceByCardNumber',
    params: [str('cardNumber'), dbl('adjustment'), str('comment'), str('accountName', true)],
    // False, not a fault, when no user has the card: PaperCut's answer, which card readers rely on.
    run: async (c, [card, adj, comment, account]) => {
      personalOnly(account);
      const value = amount('adjustment', adj);
      const user = s(card).trim() === '' ? undefined : await c.services.users.findByAnyCard(s(card).trim());
      if (!user) return false;
      return c.services.accounts.adjust(user.username, value, s(comment), c.actor);
    },
  },
  {
    name: 'api.adjustUserAccountBalanceByGroup',
    params: [str('group'), dbl('adjustment'), str('comment'), str('accountName', true)],
    run: async (c, [g, adj, comment, account]) => {
      personalOnly(account);
      const value = amount('adjustment', adj);
      return ok(c.services.groupAccounts.adjustMembers(s(g), value, s(comment), c.actor));
    },
  },
  {
    name: 'api.adjustUserAccountBalanceByGroupUpTo',
    params: [str('group'), dbl('adjustment'), dbl('limit'), str('comment'), str('accountName', true)],
    run: async (c, [g, adj, limit, comment, account]) => {
      personalOnly(account);
      const value = amount('adjustment', adj);
      const upTo = amount('limit', limit);
      return ok(c.services.groupAccounts.adjustMembers(s(g), value, s(comment), c.actor, { upTo }));
    },
  },
  {
    name: 'api.setUserAccountBalance',
    params: [str('username'), dbl('balance'), str('comment'), str('accountName', true)],
    run: async (c, [u, balance, comment, account]) => {
      personalOnly(account);
      return ok(c.services.accounts.setBalance(s(u), amount('balance', balance), s(comment), c.actor));
    },
  },
  {
    name: 'api.setUserAccountBalanceByGroup',
    params: [str('group'), dbl('balance'), str('comment'), str('accountName', true)],
    run: async (c, [g, balance, comment, account]) => {
      personalOnly(account);
      const value = amount('balance', balance);
      return ok(c.services.groupAccounts.adjustMembers(s(g), value, s(comment), c.actor, { set: true }));
    },
  },
];

const SETTINGS_METHODS: ApiMethod[] = [
  {
    name: 'api.getUserOverdraftMode',
    params: [str('username')],
    run: async (c, [u]) => overdraftMode((await c.services.accounts.accountOf(s(u))).account.overdraft),
  },
  {
    name: 'api.setUserOverdraftMode',
    params: [str('username'), str('mode')],
    // 'individual' keeps the overdraft set with the overdraft-amount property; 'default' is zero.
    run: async (c, [u, mode]) => {
      if (checkOverdraftMode(s(mode)) === 'default')
        await c.services.accounts.update(s(u), { overdraft: 0 }, c.actor);
      else await c.services.accounts.accountOf(s(u));
      return true;
    },
  },
  {
    name: 'api.resetUserCounts',
    params: [str('username'), str('resetBy')],
    // resetBy names who reset them; the audit record names the caller (token or CLI user) instead.
    run: async (c, [u]) => ok(c.services.accounts.resetCounts(s(u), c.actor)),
  },
  {
    name: 'api.reapplyInitialUserSettings',
    params: [str('username')],
    run: async (c, [u]) => ok(c.services.accounts.reapplyInitialSettings(s(u), c.actor)),
  },
  {
    name: 'api.disablePrintingForUser',
    params: [str('username'), int('disableMins')],
    run: async (c, [u, minutes]) => ok(disablePrinting(c.services.accounts, c, s(u), n(minutes))),
  },
];

/** PaperCut's chargeToPersonal…: charge personal, allocate to shared. Quire charges the shared account itself. */
function refuseChargeToPersonal(flag: XmlRpcValue | undefined): void {
  if (b(flag))
    throw new ApiCallError(
      'Quire charges the shared account itself; charging the personal account on behalf of a shared one is not supported (pass false).',
    );
}

const SELECTION_METHODS: ApiMethod[] = [
  {
    name: 'api.setUserAccountSelectionAutoSelectSharedAccount',
    params: [str('username'), str('accountName'), bool('chargeToPersonal')],
    run: async (c, [u, account, personal]) => {
      refuseChargeToPersonal(personal);
      return ok(c.services.accounts.setSelection(s(u), 'auto-select-shared', s(account), c.actor));
    },
  },
  {
    name: 'api.setUserAccountSelectionAutoChargePersonal',
    params: [str('username'), bool('withPopupConfirmation', true)],
    // The confirmation is a print-client popup; Quire has no print client, so it charges directly.
    run: async (c, [u]) => ok(c.services.accounts.setSelection(s(u), 'auto-charge-personal', null, c.actor)),
  },
  {
    name: 'api.setUserAccountSelectionStandardPopup',
    params: [
      str('username'),
      bool('allowPersonal'),
      bool('allowListSelection'),
      bool('allowPinCode'),
      bool('allowPrintingAsOtherUser'),
      bool('chargeToPersonalWhenSharedSelected'),
      str('defaultSharedAccount', true),
    ],
    // The popup's options belong to PaperCut's print client; the mode is stored, the options are not.
    run: async (c, [u, , , , , personal]) => {
      refuseChargeToPersonal(personal);
      return ok(c.services.accounts.setSelection(s(u), 'standard-popup', null, c.actor));
    },
  },
  {
    name: 'api.setUserAccountSelectionAdvancedPopup',
    params: [
      str('username'),
      bool('allowPersonal'),
      bool('chargeToPersonalWhenSharedSelected'),
      str('defaultSharedAccount', true),
    ],
    run: async (c, [u, , personal]) => {
      refuseChargeToPersonal(personal);
      return ok(c.services.accounts.setSelection(s(u), 'advanced-popup', null, c.actor));
    },
  },
];

export const ACCOUNT_METHODS: ApiMethod[] = [...BALANCE_METHODS, ...SETTINGS_METHODS, ...SELECTION_METHODS];
