/**
 * Personal accounts: balances, restriction, overdraft, adjustments and the ledger, as
 * administrators and PaperCut-style scripts use them. Shared accounts are in
 * shared-accounts.service.ts; charging a job in jobs/charging.service.ts.
 *
 *   await accounts.adjust('alice', parseAmount('5'), 'Top-up', actor);
 *   await accounts.adjust('alice', -20000, 'Course fee', actor, { ifAvailable: true }); // false: not enough
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AccountRow, LedgerRow, LedgerType } from '../db/accounting.schema.js';
import type { UserRow } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { localText } from '../i18n/local-text.js';
import type { Clock } from '../ports.js';
import type { AccountingStore } from './accounting-store.js';
import type { AccountSettings } from './accounts.repository.js';
import {
  DEFAULT_SELECTION,
  isSelectionMode,
  SELECTION_MODES,
  type SelectionMode,
} from './account-selection.js';
import { ledgerComment } from './ledger-text.js';
import { dayStart } from './calendar.js';
import { amountToDecimal, checkAmount, MAX_AMOUNT } from './money.js';

export interface AdjustOptions {
  /** Only when the available credit (balance + overdraft) covers a debit; else false, nothing written. */
  ifAvailable?: boolean;
  /** Only when at least this balance remains afterwards; else false, nothing written. */
  leaveRemaining?: number;
  type?: LedgerType;
}

/** A day of the balance history: the moment it began, and the balance at its end. */
export interface BalancePoint {
  day: string;
  balance: number;
}

/** May the account print now? `until`: when a timed disable ends; null for one until enabled again. */
export type PrintingState = { disabled: false } | { disabled: true; until: string | null };

export interface PersonalAccount {
  username: string;
  account: AccountRow;
}

/** The restriction new users get from their groups: restricted only if every such group restricts. */
function initialRestriction(groups: readonly { initial_restricted: number; initial_overdraft: number }[]): {
  restricted: 0 | 1;
  overdraft: number;
} {
  const restricted = groups.length > 0 && groups.every((group) => group.initial_restricted === 1);
  const overdraft = restricted ? Math.max(...groups.map((group) => group.initial_overdraft)) : 0;
  return { restricted: restricted ? 1 : 0, overdraft };
}

/** Users whose accounts open in one transaction when many have none. */
const OPEN_BATCH = 500;

export function createAccountsService(deps: {
  store: AccountingStore;
  users: { requireUser(username: string): Promise<UserRow> };
  audit: AuditService;
  clock: Clock;
  /** The organisation's time zone: where a day of the balance history begins. */
  timeZone: () => Promise<string>;
}) {
  const { store, users, audit, clock } = deps;
  const now = () => clock.now().toISOString();

  /** The user's personal account, opened (with their groups' initial settings) if they have none. */
  async function personal(user: Pick<UserRow, 'id' | 'username'>): Promise<AccountRow> {
    const existing = await store.accounts.personal(user.id);
    if (existing) return existing;
    await openPersonal([user.id]);
    const opened = await store.accounts.personal(user.id);
    if (!opened) throw new NotFoundError(`No user named "${user.username}".`);
    return opened;
  }

  /**
   * Opens the personal accounts of these users with the initial settings of the groups that
   * define new users' settings, PaperCut's way: the initial credits add up; a user is restricted
   * only if every such group restricts, with the largest of their overdrafts. No such group:
   * unrestricted, zero. A user who has an account keeps it as it is. Returns how many were opened.
   */
  async function openPersonal(userIds: readonly number[]): Promise<number> {
    const at = now();
    return store.transaction(async ({ accounts, ledger, groupSettings }) => {
      const settings = await groupSettings.newUserSettingsFor(userIds);
      const groupsOf = (userId: number) => settings.get(userId) ?? [];
      const opened = await accounts.openPersonal(
        userIds.map((userId) => ({ userId, settings: initialRestriction(groupsOf(userId)) })),
        at,
      );
      for (const account of opened) {
        const credits = groupsOf(account.user_id).map((group) => group.initial_credit);
        const credit = Math.min(
          credits.reduce((sum, amount) => sum + amount, 0),
          MAX_AMOUNT,
        );
        if (credit === 0) continue;
        await ledger.move(account.id, credit, {
          type: 'initial-credit',
          comment: 'Initial credit',
          actor: 'system',
          at,
        });
      }
      return opened.length;
    });
  }

  async function accountOf(username: string): Promise<PersonalAccount> {
    const user = await users.requireUser(username);
    return { username: user.username, account: await personal(user) };
  }

  /** Restricted, overdraft, enabled, disabled-until: the account's settings. */
  async function update(username: string, settings: AccountSettings, actor: Actor): Promise<void> {
    if (
      settings.overdraft !== undefined &&
      (checkAmount(settings.overdraft) < 0 || settings.overdraft > MAX_AMOUNT)
    ) {
      throw new ValidationError({ overdraft: localText('problem.amount.overdraft') });
    }
    const { username: name, account } = await accountOf(username);
    await store.accounts.update(account.id, settings, now());
    await audit.record({
      actor: actor.username,
      action: 'account.update',
      target: name,
      ip: actor.ip,
      details: {
        ...settings,
        ...(settings.overdraft !== undefined ? { overdraft: amountToDecimal(settings.overdraft) } : {}),
      },
    });
  }

  return {
    personal,
    accountOf,

    /**
     * Opens accounts for every user who has none (after a sync or an import), 500 at a time;
     * returns how many. An aborted `signal` stops it between batches (a server shutting down).
     */
    async openMissing(signal?: AbortSignal): Promise<number> {
      let opened = 0;
      let afterId = 0;
      while (!signal?.aborted) {
        const ids = await store.accounts.usersWithoutAccount(OPEN_BATCH, afterId);
        if (ids.length === 0) break;
        opened += await openPersonal(ids);
        afterId = ids.at(-1)!;
      }
      return opened;
    },

    /**
     * Adds `amount` (negative to take) to a user's balance with a ledger row. Returns false when
     * `ifAvailable`/`leaveRemaining` refuse (nothing written). An admin adjustment may take a
     * restricted account below its limit, as in PaperCut.
     */
    async adjust(
      username: string,
      amount: number,
      comment: string,
      actor: Actor,
      options: AdjustOptions = {},
    ) {
      checkAmount(amount);
      const text = ledgerComment(comment);
      const { username: name, account } = await accountOf(username);
      const guard =
        options.leaveRemaining !== undefined
          ? { atLeast: checkAmount(options.leaveRemaining) - amount }
          : options.ifAvailable && amount < 0
            ? { atLeast: -amount - account.overdraft }
            : {};
      const moved = await store.transaction(({ ledger }) =>
        ledger.move(
          account.id,
          amount,
          { type: options.type ?? 'adjustment', comment: text, actor: actor.username, at: now() },
          guard,
        ),
      );
      if (!moved.ok) {
        if (options.ifAvailable || options.leaveRemaining !== undefined) return false;
        throw new ValidationError({ amount: localText('problem.amount.balanceRange') });
      }
      await audit.record({
        actor: actor.username,
        action: 'account.adjust',
        target: name,
        ip: actor.ip,
        details: { amount: amountToDecimal(amount), balance: amountToDecimal(moved.balance), comment: text },
      });
      return true;
    },

    /** Sets a user's balance to `value`, writing the difference as one adjustment row. */
    async setBalance(username: string, value: number, comment: string, actor: Actor): Promise<void> {
      checkAmount(value);
      const text = ledgerComment(comment);
      const { username: name, account } = await accountOf(username);
      const before = await store.transaction(async ({ ledger }) => {
        const balance = await ledger.lockBalance(account.id);
        if (balance === undefined) throw new NotFoundError(`No user named "${name}".`);
        if (balance !== value) {
          await ledger.move(account.id, value - balance, {
            type: 'adjustment',
            comment: text,
            actor: actor.username,
            at: now(),
          });
        }
        return balance;
      });
      await audit.record({
        actor: actor.username,
        action: 'account.set-balance',
        target: name,
        ip: actor.ip,
        details: { from: amountToDecimal(before), to: amountToDecimal(value), comment: text },
      });
    },

    update,

    /**
     * Sets restriction and overdraft again from the user's groups' initial settings (PaperCut's
     * reapplyInitialUserSettings). The balance is left alone: the initial credit was given once,
     * when the account was opened, and giving it again would hand out money twice.
     */
    async reapplyInitialSettings(username: string, actor: Actor): Promise<void> {
      const user = await users.requireUser(username);
      await personal(user);
      const settings = await store.groupSettings.newUserSettingsFor([user.id]);
      await update(user.username, initialRestriction(settings.get(user.id) ?? []), actor);
    },

    /** Refuses printing for `minutes`, more than 0 (PaperCut's disablePrintingForUser); `enablePrinting` ends it sooner. */
    async disablePrinting(username: string, minutes: number, actor: Actor): Promise<void> {
      const until = new Date(clock.now().getTime() + minutes * 60_000).toISOString();
      const { username: name, account } = await accountOf(username);
      await store.accounts.update(account.id, { disabled_until: until }, now());
      await audit.record({
        actor: actor.username,
        action: 'account.disable-printing',
        target: name,
        ip: actor.ip,
        details: { until },
      });
    },

    /**
     * "Enable now": the user may print again at once, ending a timed disable and one until
     * enabled (PaperCut's disablePrintingForUser with 0 minutes).
     */
    async enablePrinting(username: string, actor: Actor): Promise<void> {
      const { username: name, account } = await accountOf(username);
      await store.accounts.update(account.id, { enabled: 1, disabled_until: null }, now());
      await audit.record({
        actor: actor.username,
        action: 'account.enable-printing',
        target: name,
        ip: actor.ip,
      });
    },

    /** Whether the account may print now, and while a timed disable lasts, until when. */
    printing(account: Pick<AccountRow, 'enabled' | 'disabled_until'>): PrintingState {
      if (account.enabled === 0) return { disabled: true, until: null };
      const timed = account.disabled_until !== null && account.disabled_until > now();
      return timed ? { disabled: true, until: account.disabled_until } : { disabled: false };
    },

    async resetCounts(username: string, actor: Actor): Promise<void> {
      const { username: name, account } = await accountOf(username);
      await store.accounts.resetCounts(account.id, now());
      await audit.record({
        actor: actor.username,
        action: 'account.reset-counts',
        target: name,
        ip: actor.ip,
      });
    },

    /** How the user's jobs pick their account; `sharedAccount` for "auto-select-shared". */
    async selection(username: string): Promise<{ mode: SelectionMode; sharedAccount: string | null }> {
      const user = await users.requireUser(username);
      const stored = await store.accounts.selection(user.id);
      const mode = stored && isSelectionMode(stored.mode) ? stored.mode : DEFAULT_SELECTION;
      const shared = stored?.account_id ? await store.accounts.byId(stored.account_id) : undefined;
      return { mode, sharedAccount: shared?.name ?? null };
    },

    async setSelection(
      username: string,
      mode: string,
      sharedAccount: string | null,
      actor: Actor,
    ): Promise<void> {
      if (!isSelectionMode(mode)) {
        throw new ValidationError({
          mode: localText('problem.selection.mode', { modes: [...SELECTION_MODES.keys()].join(', ') }),
        });
      }
      const user = await users.requireUser(username);
      let accountId: number | null = null;
      if (mode === 'auto-select-shared') {
        if (!sharedAccount)
          throw new ValidationError({ sharedAccount: localText('problem.selection.chooseShared') });
        const shared = await store.accounts.sharedByName(sharedAccount);
        if (!shared)
          throw new ValidationError({
            sharedAccount: localText('problem.shared.unknown', { name: sharedAccount }),
          });
        accountId = shared.id;
      }
      await store.accounts.setSelection(user.id, mode, accountId);
      await audit.record({
        actor: actor.username,
        action: 'account.selection',
        target: user.username,
        ip: actor.ip,
        details: { mode, sharedAccount: accountId === null ? null : sharedAccount },
      });
    },

    /** The user's ledger, newest first; `before` is the last row id of the previous page. */
    async transactions(username: string, limit: number, before?: number): Promise<LedgerRow[]> {
      const { account } = await accountOf(username);
      return store.ledger.page(account.id, limit, before);
    },

    /**
     * The balance at the end of each of the last `days` days in the organisation's time zone,
     * oldest first; the last is today's, so far (the balance now).
     */
    async balanceHistory(user: Pick<UserRow, 'id' | 'username'>, days: number): Promise<BalancePoint[]> {
      const account = await personal(user);
      const at = clock.now();
      const zone = await deps.timeZone();
      const starts = Array.from({ length: days }, (_, i) => dayStart(at, zone, days - 1 - i));
      const ends = await store.ledger.balancesBefore(account.id, starts.slice(1));
      return starts.map((day, i) => ({ day, balance: ends[i] ?? account.balance }));
    },

    /** How many accounts (personal and shared) `verify` checks. */
    count: () => store.accounts.count(),

    /** Accounts whose balance is not the sum of their ledger (empty when all is well). */
    verify: () => store.ledger.discrepancies(),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
