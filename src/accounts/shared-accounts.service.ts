/**
 * Shared accounts (PaperCut's department and project accounts): a name ("Science" or, for a
 * sub-account, "Science\Physics"), an optional PIN, a balance with a ledger, restriction,
 * and who may charge it (users, and members of groups).
 *
 *   await shared.add('Science\\Physics', actor);        // the parent "Science" must exist
 *   await shared.grant('Science', { group: 'Staff' }, actor);
 *   await shared.edit('Science\\Physics', { name: 'Physics', settings: { pin: '42' } }, actor);  // to the top
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AccountRow, LedgerRow } from '../db/accounting.schema.js';
import type { UserRow } from '../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { localText, type Problem } from '../i18n/local-text.js';
import type { Clock } from '../ports.js';
import { textFieldProblem } from '../text.js';
import type { AccountingStore } from './accounting-store.js';
import type { AccountSettings, SharedSearch } from './accounts.repository.js';
import { ledgerComment } from './ledger-text.js';
import { amountToDecimal, checkAmount } from './money.js';
import {
  presentSharedAccount,
  sharedAccountParent,
  type SharedAccountView,
} from './shared-account.presenter.js';

const MAX_NAME = 200;
/** The longest PIN or notes. */
const MAX_SETTING = 1000;
const SEPARATOR = '\\';

/** A shared account's full name: parts separated by "\", each part trimmed and non-empty. */
export function sharedAccountName(name: string): string {
  const parts = name.split(SEPARATOR).map((part) => part.trim());
  if (parts.some((part) => part === '')) {
    throw new ValidationError({ name: localText('problem.shared.enterName') });
  }
  if (parts.length > 2) throw new ValidationError({ name: localText('problem.shared.tooDeep') });
  const full = parts.join(SEPARATOR);
  if (full.length > MAX_NAME)
    throw new ValidationError({ name: localText('problem.shared.nameTooLong', { max: MAX_NAME }) });
  const problem = textFieldProblem(localText('problem.label.name'), full, { singleLine: true });
  if (problem) throw new ValidationError({ name: problem });
  return full;
}

/**
 * Refuses a negative overdraft or a PIN or notes no field may hold: every problem, keyed by field.
 * Exported so that a change of several parts (REST PATCH) checks everything before its first write.
 */
export function checkSettings(settings: AccountSettings): void {
  const problems: Record<string, Problem> = {};
  if (settings.overdraft !== undefined && checkAmount(settings.overdraft) < 0) {
    problems.overdraft = localText('problem.amount.overdraft');
  }
  for (const [field, value] of [
    ['pin', settings.pin],
    ['notes', settings.notes],
  ] as const) {
    if (value === undefined) continue;
    const problem =
      value.length > MAX_SETTING
        ? localText('problem.text.atMost', { max: MAX_SETTING })
        : textFieldProblem(localText(field === 'pin' ? 'problem.label.pin' : 'problem.label.notes'), value, {
            singleLine: field === 'pin',
          });
    if (problem) problems[field] = problem;
  }
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
}

/** What the audit log keeps of changed settings: never the PIN itself. */
const auditedSettings = (settings: AccountSettings) => ({
  ...settings,
  pin: settings.pin === undefined ? undefined : '***',
});

/**
 * The problems `check` finds, keyed by field (none: {}), a name already taken among them; any
 * other error is thrown.
 */
async function problemsOf(check: () => unknown): Promise<Record<string, Problem>> {
  try {
    await check();
    return {};
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    if (error instanceof ConflictError && error.field) return { [error.field]: error.text };
    throw error;
  }
}

export function createSharedAccountsService(deps: {
  store: AccountingStore;
  users: { requireUser(username: string): Promise<UserRow> };
  groups: { requireGroup(name: string): Promise<{ id: number; name: string }> };
  audit: AuditService;
  clock: Clock;
}) {
  const { store, audit, clock } = deps;
  const now = () => clock.now().toISOString();

  async function require(name: string): Promise<AccountRow> {
    const account = await store.accounts.sharedByName(name.trim());
    if (!account) throw new NotFoundError(`No shared account named "${name}".`);
    return account;
  }

  async function requireById(id: number): Promise<AccountRow> {
    const account = await store.accounts.byId(id);
    if (account?.type !== 'shared') throw new NotFoundError(`No shared account with id ${id}.`);
    return account;
  }

  const record = (actor: Actor, action: string, target: string, details?: Record<string, unknown>) =>
    audit.record({ actor: actor.username, action, target, ip: actor.ip, ...(details ? { details } : {}) });

  /**
   * Where renaming `account` to `newName` puts it: the full name and the parent's id, every rule
   * checked. A plain rename (PaperCut's renameSharedAccount) keeps the account under its parent;
   * with `move` the new name may name another parent, or none.
   */
  async function renameTarget(
    account: AccountRow,
    newName: string,
    move: boolean,
  ): Promise<{ full: string; parentId: number | null }> {
    const full = sharedAccountName(newName);
    const parentName = sharedAccountParent(full);
    const oldParent = sharedAccountParent(account.name!);
    let parentId = account.parent_id;
    if (!move && (parentName === null) !== (oldParent === null)) {
      throw new ValidationError({ name: localText('problem.shared.renameKeepsLevel') });
    }
    if (!move && parentName !== oldParent) {
      throw new ValidationError({ name: localText('problem.shared.renameKeepsParent') });
    }
    if (parentName !== oldParent) {
      const parent = parentName === null ? undefined : await store.accounts.sharedByName(parentName);
      if (parentName !== null && !parent)
        throw new ValidationError({ parent: localText('problem.shared.unknown', { name: parentName }) });
      if (parent?.id === account.id)
        throw new ValidationError({ parent: localText('problem.shared.ownParent') });
      if (parent && (await store.accounts.hasChildren(account.id)))
        throw new ValidationError({
          parent: localText('problem.shared.hasChildren', { name: account.name! }),
        });
      parentId = parent?.id ?? null;
    }
    if (full !== account.name && (await store.accounts.sharedByName(full))) {
      throw new ConflictError(localText('problem.shared.exists', { name: full }), 'name');
    }
    return { full, parentId };
  }

  return {
    require,
    exists: async (name: string) => (await store.accounts.sharedByName(name.trim())) !== undefined,
    requireById,
    list: (offset: number, limit: number) => store.accounts.listShared(offset, limit),
    /** A page of the Admin Console's list: a name filter, an order, an offset. */
    search: (search: SharedSearch) => store.accounts.searchShared(search),
    /** The account as pages show it (a timed disable only while it lasts). */
    present: (account: AccountRow): SharedAccountView => presentSharedAccount(account, now()),
    /** A page in name order after the account named `after` (keyset). */
    page: (after: string | undefined, limit: number) => store.accounts.sharedAfter(after, limit),
    /** The shared accounts a user may charge. */
    async listFor(username: string): Promise<AccountRow[]> {
      const user = await deps.users.requireUser(username);
      return store.accounts.sharedFor(user.id);
    },
    access: async (name: string) => store.accounts.access((await require(name)).id),

    /** Opens a shared account; the name and the settings are checked together before anything is written. */
    async add(name: string, actor: Actor, settings: AccountSettings = {}): Promise<AccountRow> {
      let full = '';
      const problems = {
        ...(await problemsOf(() => (full = sharedAccountName(name)))),
        ...(await problemsOf(() => checkSettings(settings))),
      };
      if (Object.keys(problems).length > 0) throw new ValidationError(problems);
      const parentName = sharedAccountParent(full);
      const parent = parentName === null ? null : await require(parentName);
      if (await store.accounts.sharedByName(full))
        throw new ConflictError(localText('problem.shared.exists', { name: full }), 'name');
      await store.accounts.openShared(full, parent?.id ?? null, settings, now());
      await record(
        actor,
        'shared-account.add',
        full,
        Object.keys(settings).length > 0 ? auditedSettings(settings) : undefined,
      );
      return require(full);
    },

    async rename(name: string, newName: string, actor: Actor): Promise<void> {
      const account = await require(name);
      const { full } = await renameTarget(account, newName, false);
      await store.transaction(({ accounts }) => accounts.rename(account.id, account.name!, full, now()));
      await record(actor, 'shared-account.rename', account.name!, { to: full });
    },

    async remove(name: string, actor: Actor): Promise<void> {
      const account = await require(name);
      if (await store.accounts.hasChildren(account.id)) {
        throw new ConflictError(`"${account.name}" has sub-accounts; delete them first.`);
      }
      await store.accounts.remove(account.id);
      await record(actor, 'shared-account.delete', account.name!, {
        balance: amountToDecimal(account.balance),
      });
    },

    async update(name: string, settings: AccountSettings, actor: Actor): Promise<void> {
      const account = await require(name);
      checkSettings(settings);
      await store.accounts.update(account.id, settings, now());
      await record(actor, 'shared-account.update', account.name!, auditedSettings(settings));
    },

    /**
     * The Admin Console's Details form at once: a new full name, which may move the account under
     * another parent or to the top level, and its settings. Every field is checked first (all
     * problems together) and both are written in one transaction, so a refusal changes nothing.
     */
    async edit(
      name: string,
      change: { name: string; settings: AccountSettings },
      actor: Actor,
    ): Promise<AccountRow> {
      const account = await require(name);
      let target = { full: account.name!, parentId: account.parent_id };
      const problems = {
        ...(await problemsOf(() => checkSettings(change.settings))),
        ...(await problemsOf(async () => (target = await renameTarget(account, change.name, true)))),
      };
      if (Object.keys(problems).length > 0) throw new ValidationError(problems);
      const renamed = target.full !== account.name;
      await store.transaction(async ({ accounts }) => {
        if (renamed) await accounts.rename(account.id, account.name!, target.full, now(), target.parentId);
        await accounts.update(account.id, change.settings, now());
      });
      if (renamed) await record(actor, 'shared-account.rename', account.name!, { to: target.full });
      await record(actor, 'shared-account.update', target.full, auditedSettings(change.settings));
      return requireById(account.id);
    },

    /** Refuses charges for `minutes`, more than 0 (PaperCut's disableSharedAccount); `enable` ends it sooner. */
    async disable(name: string, minutes: number, actor: Actor): Promise<void> {
      const account = await require(name);
      const until = new Date(clock.now().getTime() + minutes * 60_000).toISOString();
      await store.accounts.update(account.id, { disabled_until: until }, now());
      await record(actor, 'shared-account.disable', account.name!, { until });
    },

    /**
     * "Enable now": the account accepts charges again at once, ending a timed disable and one
     * until enabled (PaperCut's disableSharedAccount with 0 minutes).
     */
    async enable(name: string, actor: Actor): Promise<void> {
      const account = await require(name);
      await store.accounts.update(account.id, { enabled: 1, disabled_until: null }, now());
      await record(actor, 'shared-account.enable', account.name!);
    },

    async adjust(name: string, amount: number, comment: string, actor: Actor): Promise<number> {
      checkAmount(amount);
      const text = ledgerComment(comment);
      const account = await require(name);
      const moved = await store.transaction(({ ledger }) =>
        ledger.move(account.id, amount, {
          type: 'adjustment',
          comment: text,
          actor: actor.username,
          at: now(),
        }),
      );
      if (!moved.ok) throw new ValidationError({ amount: localText('problem.amount.balanceRange') });
      await record(actor, 'shared-account.adjust', account.name!, {
        amount: amountToDecimal(amount),
        comment: text,
      });
      return moved.balance;
    },

    async setBalance(name: string, value: number, comment: string, actor: Actor): Promise<void> {
      checkAmount(value);
      const text = ledgerComment(comment);
      const account = await require(name);
      await store.transaction(async ({ ledger }) => {
        const balance = (await ledger.lockBalance(account.id)) ?? 0;
        if (balance !== value) {
          await ledger.move(account.id, value - balance, {
            type: 'adjustment',
            comment: text,
            actor: actor.username,
            at: now(),
          });
        }
      });
      await record(actor, 'shared-account.set-balance', account.name!, {
        to: amountToDecimal(value),
        comment: text,
      });
    },

    async grant(name: string, who: { user?: string; group?: string }, actor: Actor): Promise<void> {
      const account = await require(name);
      if (who.user !== undefined)
        await store.accounts.grantUser(account.id, (await deps.users.requireUser(who.user)).id);
      if (who.group !== undefined)
        await store.accounts.grantGroup(account.id, (await deps.groups.requireGroup(who.group)).id);
      await record(actor, 'shared-account.grant', account.name!, who);
    },

    async revoke(name: string, who: { user?: string; group?: string }, actor: Actor): Promise<void> {
      const account = await require(name);
      if (who.user !== undefined)
        await store.accounts.revokeUser(account.id, (await deps.users.requireUser(who.user)).id);
      if (who.group !== undefined)
        await store.accounts.revokeGroup(account.id, (await deps.groups.requireGroup(who.group)).id);
      await record(actor, 'shared-account.revoke', account.name!, who);
    },

    async transactions(name: string, limit: number, before?: number): Promise<LedgerRow[]> {
      return store.ledger.page((await require(name)).id, limit, before);
    },
  };
}

export type SharedAccountsService = ReturnType<typeof createSharedAccountsService>;
