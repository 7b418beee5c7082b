/**
 * What groups do for their members' accounts: the initial settings new users get, a quota added
 * every period, and adjustments of every member's balance at once (PaperCut's "…ByGroup" calls
 * and the Groups page's "Adjust balances of all members").
 *
 * A quota period is allocated once across every server sharing the database: the first server to
 * insert the (group, period) row allocates it, in the same transaction as the members' ledger
 * rows, so a crash mid-way allocates nothing and the next tick tries again. Only the current
 * period is ever allocated: a server that was down for three weeks catches up once, not thrice.
 * Setting a quota marks the current period as done, so the first allocation is the next period's.
 *
 *   await groupAccounts.setQuota('Students', { amount: 50000, period: 'weekly', cap: 200000 }, actor);
 *   await groupAccounts.allocateQuotas(); // from the scheduler, every minute
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { QuotaPeriod } from '../db/accounting.schema.js';
import { ValidationError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { AccountingStore } from './accounting-store.js';
import type { AccountsService } from './accounts.service.js';
import type { GroupSettings } from './group-settings.repository.js';
import { ledgerComment } from './ledger-text.js';
import { amountToDecimal, checkAmount, MAX_AMOUNT } from './money.js';
import { isCronPattern, periodName } from './quota-period.js';

export const QUOTA_PERIODS = new Map<string, QuotaPeriod>([
  ['none', 'none'],
  ['daily', 'daily'],
  ['weekly', 'weekly'],
  ['monthly', 'monthly'],
  ['cron', 'cron'],
]);

/** The settings that make a quota: changing any of them sets a new quota. */
const QUOTA_FIELDS = ['quota_amount', 'quota_period', 'quota_cron', 'quota_cap'] as const;

export interface QuotaInput {
  amount: number;
  period: string;
  cron?: string;
  /** Stop adding once the balance reaches this; null: no cap. */
  cap: number | null;
}

export function createGroupAccountsService(deps: {
  store: AccountingStore;
  accounts: Pick<AccountsService, 'personal'>;
  groups: { requireGroup(name: string): Promise<{ id: number; name: string }> };
  users: { findById(id: number): Promise<{ id: number; username: string } | undefined> };
  audit: AuditService;
  clock: Clock;
  timeZone: () => Promise<string>;
}) {
  const { store, audit, clock } = deps;
  const now = () => clock.now().toISOString();

  async function memberAccounts(groupId: number) {
    const accounts = [];
    for (const id of await store.groupSettings.memberIds(groupId)) {
      const user = await deps.users.findById(id);
      if (user) accounts.push(await deps.accounts.personal(user));
    }
    return accounts;
  }

  /**
   * Adds `amount` to each member, or with `upTo` only as far as that balance (never taking any
   * away). Each member's change is its own transaction: one member's failure is reported, not
   * undone for the others.
   */
  async function adjustMembers(
    groupName: string,
    amount: number,
    comment: string,
    actor: Actor,
    options: { upTo?: number; type?: 'adjustment' | 'quota'; set?: boolean } = {},
  ): Promise<{ members: number; total: number }> {
    checkAmount(amount);
    if (options.upTo !== undefined) checkAmount(options.upTo);
    const text = ledgerComment(comment);
    const group = await deps.groups.requireGroup(groupName);
    let total = 0;
    let members = 0;
    for (const account of await memberAccounts(group.id)) {
      const at = now();
      const moved = await store.transaction(async ({ ledger }) => {
        const balance = (await ledger.lockBalance(account.id)) ?? 0;
        let change = options.set ? amount - balance : amount;
        if (options.upTo !== undefined) change = Math.min(change, Math.max(options.upTo - balance, 0));
        if (change === 0) return 0;
        const result = await ledger.move(account.id, change, {
          type: options.type ?? 'adjustment',
          comment: text,
          actor: actor.username,
          at,
        });
        return result.ok ? change : 0;
      });
      if (moved !== 0) {
        total += moved;
        members += 1;
      }
    }
    await audit.record({
      actor: actor.username,
      action: options.set ? 'group.set-balances' : 'group.adjust-balances',
      target: group.name,
      ip: actor.ip,
      details: { amount: amountToDecimal(amount), members, total: amountToDecimal(total), comment: text },
    });
    return { members, total };
  }

  async function update(
    groupName: string,
    changes: Partial<GroupSettings>,
    actor: Actor,
  ): Promise<GroupSettings> {
    const group = await deps.groups.requireGroup(groupName);
    const stored = await store.groupSettings.get(group.id);
    const settings = { ...stored, ...changes };
    const problems: Record<string, string> = {};
    for (const field of ['initial_credit', 'initial_overdraft', 'quota_amount'] as const) {
      if (!Number.isSafeInteger(settings[field]) || Math.abs(settings[field]) > MAX_AMOUNT)
        problems[field] = 'Out of range.';
    }
    if (settings.initial_overdraft < 0) problems.initial_overdraft = 'The overdraft must be zero or more.';
    if (settings.quota_amount < 0) problems.quota_amount = 'The quota must be zero or more.';
    if (
      settings.quota_cap !== null &&
      (!Number.isSafeInteger(settings.quota_cap) || settings.quota_cap < 0 || settings.quota_cap > MAX_AMOUNT)
    ) {
      problems.quota_cap = 'The cap must be zero or more.';
    }
    if (settings.quota_period === 'cron' && !isCronPattern(settings.quota_cron)) {
      problems.quota_cron = 'Enter a cron schedule such as "0 6 * * 1" (Mondays at 06:00).';
    }
    if (Object.keys(problems).length > 0) throw new ValidationError(problems);
    const at = now();
    // Read before the transaction: on SQLite a query outside it would wait for it for ever.
    const timeZone = await deps.timeZone();
    // Only a new quota claims the current period: saving the initial settings of a group whose
    // period has not been allocated yet (the scheduler was down) must not skip that allocation.
    const current = QUOTA_FIELDS.some((name) => settings[name] !== stored[name])
      ? periodName(settings.quota_period, settings.quota_cron, clock.now(), timeZone)
      : null;
    await store.transaction(async ({ groupSettings }) => {
      await groupSettings.set(group.id, settings, at);
      // The period the quota is set in counts as done: the first allocation is the next period's.
      if (current !== null) await groupSettings.claimPeriod(group.id, current, at);
    });
    await audit.record({
      actor: actor.username,
      action: 'group.settings',
      target: group.name,
      ip: actor.ip,
      details: {
        ...settings,
        initial_credit: amountToDecimal(settings.initial_credit),
        quota_amount: amountToDecimal(settings.quota_amount),
      },
    });
    return settings;
  }

  return {
    adjustMembers,
    update,
    settings: async (groupName: string) =>
      store.groupSettings.get((await deps.groups.requireGroup(groupName)).id),

    /** The settings of each of `groupIds` (defaults for a group without any), in one query. */
    settingsOfGroups: (groupIds: readonly number[]) => store.groupSettings.getMany(groupIds),

    async setQuota(groupName: string, quota: QuotaInput, actor: Actor): Promise<GroupSettings> {
      const period = QUOTA_PERIODS.get(quota.period);
      if (!period) {
        throw new ValidationError({
          quota_period: `The period must be one of: ${[...QUOTA_PERIODS.keys()].join(', ')}.`,
        });
      }
      return update(
        groupName,
        {
          quota_amount: quota.amount,
          quota_period: period,
          quota_cron: quota.cron ?? '',
          quota_cap: quota.cap,
        },
        actor,
      );
    },

    /**
     * Allocates every group's quota for the current period, where no server has yet. Returns the
     * groups this call allocated (empty when every period was done already).
     */
    async allocateQuotas(): Promise<{ group: string; period: string; members: number; total: number }[]> {
      const timeZone = await deps.timeZone();
      const done = [];
      for (const group of await store.groupSettings.withQuota()) {
        const period = periodName(group.quota_period, group.quota_cron, clock.now(), timeZone);
        if (period === null) continue;
        const accounts = await memberAccounts(group.group_id);
        const at = now();
        const result = await store.transaction(async ({ groupSettings, ledger }) => {
          if (!(await groupSettings.claimPeriod(group.group_id, period, at))) return null;
          let total = 0;
          let members = 0;
          for (const account of accounts) {
            const balance = (await ledger.lockBalance(account.id)) ?? 0;
            const room =
              group.quota_cap === null
                ? group.quota_amount
                : Math.max(Math.min(group.quota_amount, group.quota_cap - balance), 0);
            if (room === 0) continue;
            const moved = await ledger.move(account.id, room, {
              type: 'quota',
              comment: `Quota for ${period}`,
              actor: 'system',
              at,
            });
            if (moved.ok) {
              total += room;
              members += 1;
            }
          }
          await groupSettings.recordAllocation(group.group_id, period, members, total);
          return { group: group.name, period, members, total };
        });
        if (result) done.push(result);
      }
      return done;
    },
  };
}

export type GroupAccountsService = ReturnType<typeof createGroupAccountsService>;
