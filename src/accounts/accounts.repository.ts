/**
 * Accounts (personal and shared), who may use a shared account, and users' account selection.
 * Balances change only through ledger.repository.ts; this file never writes `balance`.
 */
import { sql, type Kysely } from 'kysely';
import type { AccountRow } from '../db/accounting.schema.js';
import type { DB } from '../db/schema.js';

export type AccountSettings = Partial<
  Pick<AccountRow, 'restricted' | 'overdraft' | 'enabled' | 'disabled_until' | 'pin' | 'notes'>
>;

/** The orders the Admin Console's shared account list offers, each one column. */
export const SHARED_SORTS = ['name', 'balance', 'restricted', 'enabled'] as const;
export type SharedSort = (typeof SHARED_SORTS)[number];

/** A page of shared accounts: a name filter, an order and an offset. */
export interface SharedSearch {
  /** Only names containing this text, letter case aside ('' for every account). */
  name?: string;
  sort?: SharedSort;
  descending?: boolean;
  offset?: number;
  limit?: number;
}

/** Every money column as a number (PostgreSQL hands some aggregates back as text). */
export function accountRow(row: AccountRow): AccountRow {
  return { ...row, balance: Number(row.balance), overdraft: Number(row.overdraft) };
}

/** What charging reads about the user a job is for (accounts.repository `payer`). */
export interface Payer {
  /** Whether the user may log in (`disabled`) and until when (`expiry_date`): printing asks too. */
  user: { id: number; username: string; disabled: boolean; expiry_date: string | null };
  personal: AccountRow | undefined;
  selection: { mode: string; account_id: number | null } | undefined;
}

export function createAccountsRepository(db: Kysely<DB>) {
  return {
    async byId(id: number): Promise<AccountRow | undefined> {
      const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && accountRow(row);
    },

    async personal(userId: number): Promise<AccountRow | undefined> {
      const row = await db
        .selectFrom('accounts')
        .selectAll()
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && accountRow(row);
    },

    /**
     * Who pays for a job, in one statement: the user (by stored, lower-case username), their
     * personal account if it is open, and their account selection if they have one.
     */
    async payer(username: string): Promise<Payer | undefined> {
      const row = await db
        .selectFrom('users as u')
        .leftJoin('accounts as a', 'a.user_id', 'u.id')
        .leftJoin('account_selections as s', 's.user_id', 'u.id')
        .selectAll('a')
        .select(['u.id as payer_id', 'u.username as payer_name', 's.mode as selection_mode'])
        .select(['u.disabled as payer_disabled', 'u.expiry_date as payer_expiry'])
        .select('s.account_id as selection_account_id')
        .where('u.username', '=', username)
        .executeTakeFirst();
      if (!row) return undefined;
      const {
        payer_id,
        payer_name,
        payer_disabled,
        payer_expiry,
        selection_mode,
        selection_account_id,
        ...account
      } = row;
      return {
        user: {
          id: payer_id,
          username: payer_name,
          disabled: payer_disabled === 1,
          expiry_date: payer_expiry,
        },
        personal: account.id === null ? undefined : accountRow(account as AccountRow),
        selection:
          selection_mode === null ? undefined : { mode: selection_mode, account_id: selection_account_id },
      };
    },

    /** How many personal accounts there are and what their balances add up to. */
    async personalTotals(): Promise<{ accounts: number; balance: number }> {
      const row = await db
        .selectFrom('accounts')
        .select((eb) => [eb.fn.countAll<number>().as('accounts'), eb.fn.sum<number>('balance').as('balance')])
        .where('type', '=', 'personal')
        .executeTakeFirstOrThrow();
      return { accounts: Number(row.accounts), balance: Number(row.balance ?? 0) };
    },

    async sharedByName(name: string): Promise<AccountRow | undefined> {
      const row = await db
        .selectFrom('accounts')
        .selectAll()
        .where('type', '=', 'shared')
        .where('name', '=', name)
        .executeTakeFirst();
      return row && accountRow(row);
    },

    /**
     * Opens personal accounts with zero balance, one statement for all; a user who already has
     * one keeps it. Returns the accounts opened (not those that existed).
     */
    async openPersonal(
      opening: readonly { userId: number; settings: AccountSettings }[],
      at: string,
    ): Promise<{ id: number; user_id: number }[]> {
      if (opening.length === 0) return [];
      const rows = await db
        .insertInto('accounts')
        .values(
          opening.map(({ userId, settings }) => ({
            type: 'personal' as const,
            user_id: userId,
            name: null,
            parent_id: null,
            ...settings,
            created_at: at,
            updated_at: at,
          })),
        )
        .onConflict((oc) => oc.column('user_id').doNothing())
        .returning(['id', 'user_id'])
        .execute();
      return rows.map((row) => ({ id: row.id, user_id: row.user_id! }));
    },

    /**
     * Users who have no personal account yet (created by a sync, an import or an older version),
     * in id order from after `afterId`, so that a run over many never reads the same users twice.
     */
    async usersWithoutAccount(limit: number, afterId = 0): Promise<number[]> {
      const rows = await db
        .selectFrom('users')
        .leftJoin('accounts', 'accounts.user_id', 'users.id')
        .select('users.id')
        .where('users.id', '>', afterId)
        .where('accounts.id', 'is', null)
        .orderBy('users.id')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },

    async openShared(
      name: string,
      parentId: number | null,
      settings: AccountSettings,
      at: string,
    ): Promise<number> {
      const row = await db
        .insertInto('accounts')
        .values({
          type: 'shared',
          user_id: null,
          name,
          parent_id: parentId,
          ...settings,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async update(id: number, settings: AccountSettings, at: string): Promise<void> {
      await db
        .updateTable('accounts')
        .set({ ...settings, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Renames a shared account and the full names of its sub-accounts; `parentId`, when given,
     * moves it under another parent (null: to the top level) in the same statement.
     */
    async rename(id: number, from: string, to: string, at: string, parentId?: number | null): Promise<void> {
      await db
        .updateTable('accounts')
        .set({ name: to, updated_at: at, ...(parentId === undefined ? {} : { parent_id: parentId }) })
        .where('id', '=', id)
        .execute();
      const children = await db
        .selectFrom('accounts')
        .select(['id', 'name'])
        .where('parent_id', '=', id)
        .execute();
      for (const child of children) {
        if (child.name?.startsWith(`${from}\\`)) {
          await db
            .updateTable('accounts')
            .set({ name: to + child.name.slice(from.length), updated_at: at })
            .where('id', '=', child.id)
            .execute();
        }
      }
    },

    async remove(id: number): Promise<void> {
      await db.deleteFrom('accounts').where('id', '=', id).execute();
    },

    async hasChildren(id: number): Promise<boolean> {
      const row = await db.selectFrom('accounts').select('id').where('parent_id', '=', id).executeTakeFirst();
      return row !== undefined;
    },

    async addCounts(id: number, jobs: number, pages: number, at: string): Promise<void> {
      await db
        .updateTable('accounts')
        .set((eb) => ({
          job_count: eb('job_count', '+', jobs),
          page_count: eb('page_count', '+', pages),
          updated_at: at,
        }))
        .where('id', '=', id)
        .execute();
    },

    async resetCounts(id: number, at: string): Promise<void> {
      await db
        .updateTable('accounts')
        .set({ job_count: 0, page_count: 0, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    /** Shared accounts by name, optionally starting at `offset`; `prefix` narrows by name. */
    async listShared(offset: number, limit: number): Promise<AccountRow[]> {
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .where('type', '=', 'shared')
        .orderBy('name')
        .offset(Math.max(offset, 0))
        .limit(Math.min(Math.max(limit, 0), 10_000))
        .execute();
      return rows.map(accountRow);
    },

    /** How many accounts there are, personal and shared. */
    async count(): Promise<number> {
      const row = await db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /**
     * A page of shared accounts for the Admin Console: `name` matches anywhere in the full name
     * (a sub-account's parent too), A–Z without regard to case; ties of the sort column go by name.
     */
    async searchShared(search: SharedSearch): Promise<{ rows: AccountRow[]; hasMore: boolean }> {
      const limit = Math.min(Math.max(search.limit ?? 50, 1), 500);
      const text = (search.name ?? '').trim();
      let query = db.selectFrom('accounts').selectAll().where('type', '=', 'shared');
      if (text !== '') {
        // lower() folds only A–Z on both databases (SQLite's, and PostgreSQL's on this "C" column),
        // so the pattern is folded the same way here. '!' escapes LIKE's wildcards; not a
        // backslash, which separates a sub-account from its parent.
        const folded = text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
        const pattern = `%${folded.replace(/[!%_]/g, '!$&')}%`;
        query = query.where(sql<boolean>`lower(name) like ${pattern} escape '!'`);
      }
      const sort = search.sort ?? 'name';
      query = query.orderBy(sort, search.descending ? 'desc' : 'asc');
      if (sort !== 'name') query = query.orderBy('name', 'asc');
      const rows = await query
        .limit(limit + 1)
        .offset(Math.max(search.offset ?? 0, 0))
        .execute();
      return { rows: rows.slice(0, limit).map(accountRow), hasMore: rows.length > limit };
    },

    /** Shared accounts in name order after `after` (keyset: the REST API's and the CLI's pages). */
    async sharedAfter(after: string | undefined, limit: number): Promise<AccountRow[]> {
      let query = db.selectFrom('accounts').selectAll().where('type', '=', 'shared');
      if (after !== undefined) query = query.where('name', '>', after);
      const rows = await query
        .orderBy('name')
        .limit(Math.min(Math.max(limit, 0), 10_000))
        .execute();
      return rows.map(accountRow);
    },

    /** Shared accounts a user may charge: granted to them, or to a group they are in. */
    async sharedFor(userId: number): Promise<AccountRow[]> {
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .where('type', '=', 'shared')
        .where((eb) =>
          eb.or([
            eb.exists(
              eb
                .selectFrom('account_user_access as u')
                .select('u.account_id')
                .whereRef('u.account_id', '=', 'accounts.id')
                .where('u.user_id', '=', userId),
            ),
            eb.exists(
              eb
                .selectFrom('account_group_access as g')
                .innerJoin('group_members as m', 'm.group_id', 'g.group_id')
                .select('g.account_id')
                .whereRef('g.account_id', '=', 'accounts.id')
                .where('m.user_id', '=', userId),
            ),
          ]),
        )
        .orderBy('name')
        .execute();
      return rows.map(accountRow);
    },

    async grantUser(accountId: number, userId: number): Promise<void> {
      await db
        .insertInto('account_user_access')
        .values({ account_id: accountId, user_id: userId })
        .onConflict((oc) => oc.columns(['account_id', 'user_id']).doNothing())
        .execute();
    },
    async revokeUser(accountId: number, userId: number): Promise<void> {
      await db
        .deleteFrom('account_user_access')
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .execute();
    },
    async grantGroup(accountId: number, groupId: number): Promise<void> {
      await db
        .insertInto('account_group_access')
        .values({ account_id: accountId, group_id: groupId })
        .onConflict((oc) => oc.columns(['account_id', 'group_id']).doNothing())
        .execute();
    },
    async revokeGroup(accountId: number, groupId: number): Promise<void> {
      await db
        .deleteFrom('account_group_access')
        .where('account_id', '=', accountId)
        .where('group_id', '=', groupId)
        .execute();
    },

    /** Who may use a shared account: usernames and group names, each sorted. */
    async access(accountId: number): Promise<{ users: string[]; groups: string[] }> {
      const users = await db
        .selectFrom('account_user_access as a')
        .innerJoin('users', 'users.id', 'a.user_id')
        .select('users.username')
        .where('a.account_id', '=', accountId)
        .orderBy('users.username')
        .execute();
      const groups = await db
        .selectFrom('account_group_access as a')
        .innerJoin('groups', 'groups.id', 'a.group_id')
        .select('groups.name')
        .where('a.account_id', '=', accountId)
        .orderBy('groups.name')
        .execute();
      return { users: users.map((row) => row.username), groups: groups.map((row) => row.name) };
    },

    async selection(userId: number): Promise<{ mode: string; account_id: number | null } | undefined> {
      return db
        .selectFrom('account_selections')
        .select(['mode', 'account_id'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },

    async setSelection(userId: number, mode: string, accountId: number | null): Promise<void> {
      await db
        .insertInto('account_selections')
        .values({ user_id: userId, mode, account_id: accountId })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ mode, account_id: accountId }))
        .execute();
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
