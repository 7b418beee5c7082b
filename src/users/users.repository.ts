/**
 * The users table. Only this file reads or writes it. The Users list's search also reads each
 * user's personal account (balance, restricted) in the same query, joined.
 */
import { PostgresAdapter, sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { DB, NewUserRow, UserRow, UserUpdate } from '../db/schema.js';
import {
  QUICK_COLUMNS,
  countQuickFind,
  quickFindByUsername,
  searchByBalance,
  whereUsers,
  type UserWithAccount,
} from './users-list.repository.js';
import { matchAnywhere, type AnywhereMatch } from './users-search.match.js';
import {
  anywhereByUsername,
  createWalkEnds,
  boundedTotal,
  COUNT_BOUND,
  countUpTo,
  type SearchTotal,
} from './users-search.repository.js';
import { hasFilters, whereFilters, type UserFilters } from './users-filters.repository.js';
import { usernameSkeleton } from './username.js';

type Executor = Kysely<DB> | Transaction<DB>;

export type { UserWithAccount };

export const USER_SORTS = ['username', 'full_name', 'email', 'department', 'office', 'balance'] as const;
export type UserSort = (typeof USER_SORTS)[number];

export interface UserSearch {
  /**
   * Quick find: from three characters, anywhere in the username, full name, email, card numbers
   * or department (users-search.repository.ts); shorter, a prefix of the username, full name,
   * email or a card/ID number.
   */
  query?: string;
  /** 'internal', a source id, or undefined for every user. */
  source?: 'internal' | number;
  /** Only users whose personal account is (or is not) restricted. */
  restricted?: boolean;
  /** Only users whose personal balance is below this amount (ten-thousandths). */
  balanceBelow?: number;
  /** Status filters: disabled, locked out, admin rights, never logged in, department. */
  filters?: UserFilters;
  /** The time (ISO) the locked-out filter is judged at; the service sets it from its clock. */
  now?: string;
  sort?: UserSort;
  descending?: boolean;
  offset?: number;
  limit?: number;
}

/** A page of the Users list: `hasMore` when a next page exists; `total` counted up to a bound. */
export interface UserSearchPage {
  rows: UserWithAccount[];
  hasMore: boolean;
  total: SearchTotal;
}

/** A REST API page: usernames after a cursor, with the Admin Console's filters. */
export interface UserPageQuery {
  /** Only usernames after this one. */
  after?: string;
  limit: number;
  /** Quick find, as in the Admin Console: a prefix of username, full name, email or a card number. */
  query?: string;
  source?: 'internal' | number;
  disabled?: boolean;
}

const SORT_COLUMN = {
  username: 'users.username',
  full_name: 'users.full_name_key',
  email: 'users.email_key',
  department: 'users.department',
  office: 'users.office',
  balance: 'accounts.balance',
} as const satisfies Record<UserSort, string>;

/** Users with their personal account's balance and restriction (null without an account). */
const withAccount = (executor: Executor) =>
  executor
    .selectFrom('users')
    .leftJoin('accounts', 'accounts.user_id', 'users.id')
    .selectAll('users')
    .select(['accounts.balance as account_balance', 'accounts.restricted as account_restricted']);

/** Money columns come back from PostgreSQL's bigint as text. */
function withAccountNumbers<Row extends UserWithAccount>(row: Row): Row {
  return {
    ...row,
    account_balance: row.account_balance === null ? null : Number(row.account_balance),
    account_restricted: row.account_restricted === null ? null : Number(row.account_restricted),
  };
}

/** Every condition of a search on the users table: quick find, source and the status filters. */
function whereSearch(search: UserSearch, anywhere: AnywhereMatch | undefined) {
  const users = whereUsers((search.query ?? '').trim().toLowerCase(), search.source, anywhere);
  const filters = search.filters;
  if (filters === undefined || !hasFilters(filters)) return users;
  if (filters.locked !== undefined && search.now === undefined)
    throw new Error('The locked-out filter needs the time it is judged at.');
  const status = whereFilters(filters, search.now ?? '');
  return (eb: ExpressionBuilder<DB, 'users'>) => eb.and([users(eb), status(eb)]);
}

/** The users of a search with their personal account, filtered, before any order or paging. */
function filteredUsers(executor: Executor, search: UserSearch, anywhere: AnywhereMatch | undefined) {
  let query = executor
    .selectFrom('users')
    .leftJoin('accounts', 'accounts.user_id', 'users.id')
    .where(whereSearch(search, anywhere));
  if (search.restricted !== undefined)
    query = query.where('accounts.restricted', '=', search.restricted ? 1 : 0);
  if (search.balanceBelow !== undefined) query = query.where('accounts.balance', '<', search.balanceBelow);
  return query;
}

/**
 * For each of `usernames`, another user's name with the same skeleton (it looks the same), if
 * any: one lookup of the indexed username_skeleton column, whatever the number of users.
 */
export async function findLookalikes(
  usernames: readonly string[],
  executor: Executor,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (usernames.length === 0) return found;
  const skeletonOf = new Map(usernames.map((name) => [name, usernameSkeleton(name)]));
  const skeletons = [...new Set(skeletonOf.values())];
  // PostgreSQL: one array parameter instead of a list of hundreds (a sync asks once per page).
  const postgres = executor.getExecutor().adapter instanceof PostgresAdapter;
  const rows = await executor
    .selectFrom('users')
    .select(['username', 'username_skeleton'])
    .where(
      'username_skeleton',
      postgres ? '=' : 'in',
      postgres ? sql<string>`any(${skeletons}::text[])` : skeletons,
    )
    .orderBy('username')
    .execute();
  // Stored names by skeleton, in username order: a page of a re-sync finds each of its own names
  // here, so a scan of every row per name would cost the page's size squared.
  const holders = new Map<string, string[]>();
  for (const row of rows) {
    const names = holders.get(row.username_skeleton);
    if (names) names.push(row.username);
    else holders.set(row.username_skeleton, [row.username]);
  }
  for (const [name, skeleton] of skeletonOf) {
    const other = holders.get(skeleton)?.find((username) => username !== name);
    if (other !== undefined) found.set(name, other);
  }
  return found;
}

export function createUsersRepository(db: Kysely<DB>) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const walkEnds = createWalkEnds();
  /** A page of the Users list (see search), `anywhere` the query's match-anywhere condition if any. */
  async function searchUsers(
    search: UserSearch,
    executor: Executor,
    anywhere: AnywhereMatch | undefined,
  ): Promise<UserSearchPage> {
    const limit = Math.min(Math.max(search.limit ?? 50, 1), 500);
    const offset = Math.max(search.offset ?? 0, 0);
    const sortColumn = SORT_COLUMN[search.sort ?? 'username'];
    const direction = search.descending ? 'desc' : 'asc';
    const q = (search.query ?? '').trim().toLowerCase();
    const accountFilter = search.restricted !== undefined || search.balanceBelow !== undefined;
    const filtered = accountFilter || hasFilters(search.filters);
    const where = whereSearch(search, anywhere);
    const base = filteredUsers(executor, search, anywhere);
    const page = (rows: UserWithAccount[], total: SearchTotal) => ({
      rows: rows.slice(0, limit).map(withAccountNumbers),
      hasMore: rows.length > limit,
      total,
    });
    if (anywhere && sortColumn === 'users.username' && !filtered) {
      const filters = whereUsers('', search.source);
      const found = await anywhereByUsername(
        executor,
        anywhere,
        filters,
        direction,
        offset + limit + 1,
        walkEnds,
      );
      const ids = found.ids.slice(offset);
      const rows = ids.length === 0 ? [] : await withAccount(executor).where('users.id', 'in', ids).execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      return page(
        ids.flatMap((id) => byId.get(id) ?? []),
        found.total,
      );
    }
    // Quick find alone counts each column's prefix range from its own index, bounded.
    const total =
      !anywhere && q !== '' && !filtered
        ? boundedTotal(await countQuickFind(executor, q, search.source, COUNT_BOUND))
        : await countUpTo(executor, base);
    // Quick find's per-column branches each stop at a page's worth of users; a filter on the
    // account after them would leave pages short, so a filtered search takes the plain query.
    if (!anywhere && [...q].length >= 2 && sortColumn === 'users.username' && !filtered)
      return page(await quickFindByUsername(executor, q, search.source, direction, offset, limit), total);
    if (sortColumn === 'accounts.balance') {
      const rows = await searchByBalance(executor, {
        ...search,
        where,
        quickFind: q !== '',
        offset,
        limit: limit + 1,
      });
      return page(rows, total);
    }
    let query = base
      .selectAll('users')
      .select(['accounts.balance as account_balance', 'accounts.restricted as account_restricted']);
    if (anywhere) query = query.orderBy(anywhere.prefixFirst);
    query = query.orderBy(sortColumn, direction);
    if (sortColumn !== 'users.username') query = query.orderBy('users.username', direction);
    return page(
      await query
        .limit(limit + 1)
        .offset(offset)
        .execute(),
      total,
    );
  }

  return {
    findById: (id: number, executor: Executor = db) =>
      executor.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),

    findByUsername: (username: string, executor: Executor = db) =>
      executor.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst(),

    /**
     * The username of another user that looks like `username` (the same skeleton), if any;
     * `exceptId`, the user being renamed, is never its own look-alike.
     */
    async findLookalike(
      username: string,
      exceptId: number | null = null,
      executor: Executor = db,
    ): Promise<string | undefined> {
      let query = executor
        .selectFrom('users')
        .select('username')
        .where('username_skeleton', '=', usernameSkeleton(username))
        .where('username', '<>', username);
      if (exceptId !== null) query = query.where('id', '<>', exceptId);
      return (await query.orderBy('username').limit(1).executeTakeFirst())?.username;
    },

    findBySourceExternalId: (sourceId: number, externalId: string, executor: Executor = db) =>
      executor
        .selectFrom('users')
        .selectAll()
        .where('source_id', '=', sourceId)
        .where('external_id', '=', externalId)
        .executeTakeFirst(),

    async insert(row: NewUserRow, executor: Executor = db): Promise<UserRow> {
      return executor
        .insertInto('users')
        .values({ ...row, username_skeleton: usernameSkeleton(row.username) })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async update(id: number, patch: UserUpdate, executor: Executor = db): Promise<void> {
      const skeleton =
        patch.username === undefined ? {} : { username_skeleton: usernameSkeleton(patch.username) };
      await executor
        .updateTable('users')
        .set({ ...patch, ...skeleton })
        .where('id', '=', id)
        .execute();
    },

    async delete(id: number, executor: Executor = db): Promise<void> {
      await executor.deleteFrom('users').where('id', '=', id).execute();
    },

    async countAdmins(executor: Executor = db): Promise<number> {
      const row = await executor
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('is_admin', '=', 1)
        .where('disabled', '=', 0)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async count(executor: Executor = db): Promise<number> {
      const row = await executor
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Users of one source, keyed by the source's immutable id, for the sync diff. */
    async listBySource(sourceId: number, executor: Executor = db): Promise<UserRow[]> {
      return executor.selectFrom('users').selectAll().where('source_id', '=', sourceId).execute();
    },

    /**
     * One page of the Users list, each user with their personal balance and restriction (one
     * query, joined), and how many users match, counted up to COUNT_BOUND. Fetches limit + 1 rows
     * so the caller knows whether a next page exists. A user whose account is not opened yet
     * matches no balance or restriction filter and sorts after every balance, either way. A quick
     * find long enough to match anywhere lists the users it starts a word of first, each part in
     * the chosen order (except by balance, which walks the accounts' index).
     */
    async search(search: UserSearch, executor: Executor = db): Promise<UserSearchPage> {
      const anywhere = matchAnywhere(postgres, (search.query ?? '').trim().toLowerCase());
      // A search that matches anywhere runs as its database should plan it (users-search.match.ts).
      return anywhere
        ? anywhere.planned(executor, (planned) => searchUsers(search, planned, anywhere))
        : searchUsers(search, executor, undefined);
    },

    /**
     * Every user of a search in username order, a page at a time after the last username of the
     * one before (the Users list's CSV download): each page costs the same, however far it is.
     */
    async exportPage(
      search: UserSearch,
      after: string | undefined,
      limit: number,
      executor: Executor = db,
    ): Promise<UserWithAccount[]> {
      const q = (search.query ?? '').trim().toLowerCase();
      let query = filteredUsers(executor, search, matchAnywhere(postgres, q))
        .selectAll('users')
        .select(['accounts.balance as account_balance', 'accounts.restricted as account_restricted']);
      if (after !== undefined) query = query.where('users.username', '>', after);
      const rows = await query.orderBy('users.username').limit(limit).execute();
      return rows.map(withAccountNumbers);
    },

    /** The user whose primary card/ID number is `number` (PaperCut's lookUpUserNameByIDNo). */
    findByPrimaryCard: (number: string) =>
      db
        .selectFrom('users')
        .selectAll()
        .where('card_number', '=', number)
        .orderBy('username')
        .executeTakeFirst(),

    /** The user with `number` as either card number (PaperCut's lookUpUserNameByCardNo). */
    findByAnyCard: (number: string) =>
      db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb.or([eb('card_number', '=', number), eb('card_number2', '=', number)]))
        .orderBy('username')
        .executeTakeFirst(),

    findByEmail: (email: string) =>
      db
        .selectFrom('users')
        .selectAll()
        .where('email_key', '=', email.trim().toLowerCase())
        .orderBy('username')
        .executeTakeFirst(),

    findByFullName: (fullName: string, limit = 1000) =>
      db
        .selectFrom('users')
        .selectAll()
        .where('full_name_key', '=', fullName.trim().replace(/\s+/g, ' ').toLowerCase())
        .orderBy('username')
        .limit(limit)
        .execute(),

    /** Usernames in order, for listing every account page by page. */
    async usernames(offset: number, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('users')
        .select('username')
        .orderBy('username')
        .limit(limit)
        .offset(Math.max(offset, 0))
        .execute();
      return rows.map((row) => row.username);
    },

    async listAdmins(executor: Executor = db): Promise<UserRow[]> {
      return executor.selectFrom('users').selectAll().where('is_admin', '=', 1).orderBy('username').execute();
    },

    /**
     * Keyset paging for the REST API: a page starts after the last username of the previous one.
     * `search` pages the Admin Console with OFFSET (it jumps to page N and sorts by any column); an
     * API client walking every user needs a cursor that costs the same on the last page as on the
     * first.
     */
    pageAfter: (page: UserPageQuery) => keysetPage(db, page),
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;

/** The page of pageAfter, and one row more to tell whether another page follows. */
async function keysetPage(db: Executor, page: UserPageQuery): Promise<{ rows: UserRow[]; hasMore: boolean }> {
  const q = (page.query ?? '').trim().toLowerCase();
  const take = page.limit + 1;
  const filters = (eb: ExpressionBuilder<DB, 'users'>) => {
    const all = [];
    if (page.after !== undefined) all.push(eb('username', '>', page.after));
    if (page.source === 'internal') all.push(eb('source_id', 'is', null));
    else if (typeof page.source === 'number') all.push(eb('source_id', '=', page.source));
    if (page.disabled !== undefined) all.push(eb('disabled', '=', page.disabled ? 1 : 0));
    return eb.and(all);
  };

  let rows: UserRow[];
  if ([...q].length >= 2) {
    // As the Admin Console's quick find: each column yields its first matches after the cursor,
    // in username order, from its own index (username, or the quick index led by the query's
    // first two characters); the page is cut from their union. The work is bounded by the page.
    const end = q + '\u{10FFFF}';
    const head = [...q].slice(0, 2).join('');
    const branches = [
      db
        .selectFrom('users')
        .select('id')
        .where(filters)
        .where('username', '>=', q)
        .where('username', '<', end)
        .orderBy('username')
        .limit(take),
      ...QUICK_COLUMNS.map((column) =>
        db
          .selectFrom('users')
          .select('id')
          .where(filters)
          .where(sql<string>`substr(${sql.ref(column)}, 1, 2)`, '=', head)
          .where(column, '>=', q)
          .where(column, '<', end)
          .orderBy('username')
          .limit(take),
      ),
    ];
    // Kysely puts each branch in parentheses: `select id from (…) b0 union select id from (…) b1 …`.
    const union = sql.join(
      branches.map((branch, i) => sql`select id from ${branch} ${sql.raw(`b${i}`)}`),
      sql` union `,
    );
    rows = await db
      .selectFrom('users')
      .selectAll()
      .where('id', 'in', sql<number>`(${union})`)
      .orderBy('username')
      .limit(take)
      .execute();
  } else {
    let query = db.selectFrom('users').selectAll().where(filters);
    if (q !== '') {
      const end = q + '\u{10FFFF}';
      query = query.where((eb) =>
        eb.or(
          (['username', ...QUICK_COLUMNS] as const).map((column) =>
            eb.and([eb(column, '>=', q), eb(column, '<', end)]),
          ),
        ),
      );
    }
    rows = await query.orderBy('username').limit(take).execute();
  }
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
