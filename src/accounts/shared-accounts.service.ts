/**
 * Shared accounts (PaperCut's department and project accounts): a name ("Science" or, for a
 * sub-account, "Science\Physics"), an optional PIN, a balance with a ledger, restriction,
 * and who may charge it (users, and members of groups).
 *
 *   await shared.add('Science\\Physics', actor);        // the parent "Science" must exist
 *   await shared.grant('Science', { group: 'Staff' }, actor);
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AccountRow, LedgerRow } from '../db/accounting.schema.js';
import type { UserRow } from '../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../ports.js';
import { textFieldProblem } from '../text.js';
import type { AccountingStore } from './accounting-store.js';
import type { AccountSettings } from './accounts.repository.js';
import { ledgerComment } from './ledger-text.js';
import { amountToDecimal, checkAmount } from './money.js';

const MAX_NAME = 200;
const SEPARATOR = '\\';

/** A shared account's full name: parts separated by "\", each part trimmed and non-empty. */
export function sharedAccountName(name: string): string {
  const parts = name.split(SEPARATOR).map((part) => part.trim());
  if (parts.some((part) => part === '')) {
    throw new ValidationError({ name: 'Enter a name; a sub-account is written "Parent\\Child".' });
  }
  if (parts.length > 2)
    throw new ValidationError({ name: 'A sub-account may not have sub-accounts of its own.' });
  const full = parts.join(SEPARATOR);
  if (full.length > MAX_NAME)
    throw new ValidationError({ name: `The name may be at most ${MAX_NAME} characters.` });
  const problem = textFieldProblem('The name', full, { singleLine: true });
  if (problem) throw new ValidationError({ name: problem });
  return full;
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

  const record = (actor: Actor, action: string, target: string, details?: Record<string, unknown>) =>
    audit.record({ actor: actor.username, action, target, ip: actor.ip, ...(details ? { details } : {}) });

  return {
    require,
    exists: async (name: string) => (await store.accounts.sharedByName(name.trim())) !== undefined,
    list: (offset: number, limit: number) => store.accounts.listShared(offset, limit),
    /** A page in name order after the account named `after` (keyset). */
    page: (after: string | undefined, limit: number) => store.accounts.sharedAfter(after, limit),
    /** The shared accounts a user may charge. */
    async listFor(username: string): Promise<AccountRow[]> {
      const user = await deps.users.requireUser(username);
      return store.accounts.sharedFor(user.id);
    },
    access: async (name: string) => store.accounts.access((await require(name)).id),

    async add(name: string, actor: Actor, settings: AccountSettings = {}): Promise<AccountRow> {
      const full = sharedAccountName(name);
      const parentName = full.includes(SEPARATOR) ? full.slice(0, full.indexOf(SEPARATOR)) : null;
      const parent = parentName === null ? null : await require(parentName);
      if (await store.accounts.sharedByName(full))
        throw new ConflictError(`A shared account named "${full}" exists already.`, 'name');
      await store.accounts.openShared(full, parent?.id ?? null, settings, now());
      await record(actor, 'shared-account.add', full);
      return require(full);
    },

    async rename(name: string, newName: string, actor: Actor): Promise<void> {
      const account = await require(name);
      const full = sharedAccountName(newName);
      if (full.includes(SEPARATOR) !== (account.parent_id !== null)) {
        throw new ValidationError({
          name: 'A rename keeps an account where it is: a sub-account stays under its parent.',
        });
      }
      if (
        account.parent_id !== null &&
        !full.startsWith(`${account.name!.split(SEPARATOR)[0]}${SEPARATOR}`)
      ) {
        throw new ValidationError({ name: 'A sub-account keeps its parent when renamed.' });
      }
      if (full !== account.name && (await store.accounts.sharedByName(full))) {
        throw new ConflictError(`A shared account named "${full}" exists already.`, 'name');
      }
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
      if (settings.overdraft !== undefined && checkAmount(settings.overdraft) < 0) {
        throw new ValidationError({ overdraft: 'The overdraft must be zero or more.' });
      }
      for (const [field, value] of [
        ['pin', settings.pin],
        ['notes', settings.notes],
      ] as const) {
        if (value === undefined) continue;
        if (value.length > 1000) throw new ValidationError({ [field]: 'At most 1000 characters.' });
        const problem = textFieldProblem(field === 'pin' ? 'The PIN' : 'The notes', value, {
          singleLine: field === 'pin',
        });
        if (problem) throw new ValidationError({ [field]: problem });
      }
      await store.accounts.update(account.id, settings, now());
      await record(actor, 'shared-account.update', account.name!, {
        ...settings,
        pin: settings.pin === undefined ? undefined : '***',
      });
    },

    /** Refuses charges for `minutes`; 0 or less enables it again now (PaperCut's disableSharedAccount). */
    async disable(name: string, minutes: number, actor: Actor): Promise<void> {
      const account = await require(name);
      const until = minutes > 0 ? new Date(clock.now().getTime() + minutes * 60_000).toISOString() : null;
      await store.accounts.update(account.id, { disabled_until: until }, now());
      await record(actor, 'shared-account.disable', account.name!, { until });
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
      if (!moved.ok)
        throw new ValidationError({ amount: 'The balance would leave the range Quire can hold.' });
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
