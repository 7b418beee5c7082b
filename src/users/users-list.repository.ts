/**
 * The Users list's searches that walk indexes instead of sorting every user: the users' own
 * filters (quick find, source), quick find in username order, and the list sorted by balance.
 *
 *   const rows = await searchByBalance(db, { where: whereUsers('ma', undefined), offset: 0, limit: 51 });
 */
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  type Transaction,
} from 'kysely';
import type { DB, UserRow } from '../db/schema.js';
import type { AnywhereMatch } from './users-search.match.js';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * A user of the Users list with their personal account's balance and restriction, read in the
 * same query; both null for a user whose account is not opened yet (accounts/accounts.service.ts).
 */
export type UserWithAccount = UserRow & {
  account_balance: number | null;
  account_restricted: number | null;
};

/** 'internal', a source id, or undefined for every user. */
type SourceFilter = 'internal' | number | undefined;

/** The columns quick find searches besides the username; each has a quick index (see keysetPage). */
export const QUICK_COLUMNS = ['full_name_key', 'email_key', 'card_number', 'card_number2'] as const;

/** The smallest string greater than every string starting with `prefix` (for range scans). */
function prefixEnd(prefix: string): string {
  return prefix + '\u{10FFFF}';
}

/**
 * Quick find and the source, as one condition on the users table. Quick find is `anywhere` when
 * the query is long enough for trigrams (users-search.repository.ts), else a prefix of the
 * username, full name, email or either card number: each prefix branch is an index range scan;
 * the database unions them (SQLite's OR optimization, PostgreSQL's BitmapOr).
 */
export function whereUsers(q: string, source: SourceFilter, anywhere?: AnywhereMatch) {
  return (eb: ExpressionBuilder<DB, 'users'>) => {
    const all: Expression<SqlBool>[] = [];
    if (anywhere) all.push(anywhere.where);
    else if (q !== '') {
      const end = prefixEnd(q);
      const columns = ['username', ...QUICK_COLUMNS] as const;
      all.push(eb.or(columns.map((column) => eb.and([eb(column, '>=', q), eb(column, '<', end)]))));
    }
    if (source === 'internal') all.push(eb('users.source_id', 'is', null));
    else if (typeof source === 'number') all.push(eb('users.source_id', '=', source));
    return eb.and(all);
  };
}

/** `and source_id …` for a quick-find branch, or nothing for every user. */
function sourceCondition(source: SourceFilter) {
  return source === 'internal'
    ? sql`and source_id is null`
    : typeof source === 'number'
      ? sql`and source_id = ${source}`
      : sql``;
}

/**
 * Quick find in username order. Each searched column yields its first `offset + limit + 1`
 * matches in username order from its own index (the username index, or a quick index led by the
 * query's first two characters); the page is then cut from their union. Work is bounded by the
 * page, not by how many users match: "ma" among a million users costs what "mary.o" costs.
 */
export async function quickFindByUsername(
  executor: Executor,
  q: string,
  source: SourceFilter,
  direction: 'asc' | 'desc',
  offset: number,
  limit: number,
): Promise<UserWithAccount[]> {
  const end = prefixEnd(q);
  const head = [...q].slice(0, 2).join('');
  const take = offset + limit + 1;
  const order = sql.raw(direction);
  const sourceFilter = sourceCondition(source);
  const branches = [
    sql`select id from (select id from users where username >= ${q} and username < ${end} ${sourceFilter} order by username ${order} limit ${take}) b0`,
    ...QUICK_COLUMNS.map(
      (column, i) =>
        sql`select id from (select id from users where substr(${sql.ref(column)}, 1, 2) = ${head} and ${sql.ref(column)} >= ${q} and ${sql.ref(column)} < ${end} ${sourceFilter} order by username ${order} limit ${take}) ${sql.raw(`b${i + 1}`)}`,
    ),
  ];
  const result = await sql<UserWithAccount>`select users.*, accounts.balance as account_balance,
      accounts.restricted as account_restricted
    from users left join accounts on accounts.user_id = users.id
    where users.id in (${sql.join(branches, sql` union `)})
    order by users.username ${order} limit ${limit + 1} offset ${offset}`.execute(executor);
  return result.rows;
}

/**
 * How many users a quick find of a prefix matches, counted no further than `bound` + 1: each
 * searched column gives at most that many ids from its own index (the username index, or the
 * quick index's range of the query's first one or two characters, which holds the id), and their
 * distinct ids are counted. One condition ORing the five ranges made PostgreSQL build a bitmap of
 * every match before its LIMIT ("ma" among a million users: a hundred thousand, 40 ms).
 */
export async function countQuickFind(
  executor: Executor,
  q: string,
  source: SourceFilter,
  bound: number,
): Promise<number> {
  const end = prefixEnd(q);
  const head = [...q].slice(0, 2).join('');
  const sourceFilter = sourceCondition(source);
  const branches = [
    sql`select id from (select id from users where username >= ${q} and username < ${end} ${sourceFilter} limit ${bound + 1}) b0`,
    ...QUICK_COLUMNS.map(
      (column, i) =>
        sql`select id from (select id from users where substr(${sql.ref(column)}, 1, 2) >= ${head} and substr(${sql.ref(column)}, 1, 2) < ${prefixEnd(head)} and ${sql.ref(column)} >= ${q} and ${sql.ref(column)} < ${end} ${sourceFilter} limit ${bound + 1}) ${sql.raw(`b${i + 1}`)}`,
    ),
  ];
  const result = await sql<{
    n: number;
  }>`select count(distinct id) as n from (${sql.join(branches, sql` union all `)}) found`.execute(executor);
  return Number(result.rows[0]!.n);
}

export interface BalancePage {
  /** The users' own filters (quick find, source). */
  where: (eb: ExpressionBuilder<DB, 'users'>) => Expression<SqlBool>;
  /** Whether `where` holds a quick find (few users match it). */
  quickFind: boolean;
  /** Only restricted (or unrestricted) accounts; users without one never match. */
  restricted?: boolean;
  /** Only balances below this (ten-thousandths); users without an account never match. */
  balanceBelow?: number;
  descending?: boolean;
  offset: number;
  /** Rows wanted: the caller asks for one more than it shows, to know whether more follow. */
  limit: number;
}

/**
 * The Users list sorted by balance, as walks of indexes: first the users with a personal account
 * in the order of accounts_balance_idx (type, balance, user_id), each user read by id; once those
 * run out, the users whose account is not opened yet, by username. Sorting the joined users and
 * accounts instead read and sorted every user for each page (0.8–1.6 s with 200,000 users).
 * Equal balances list in the order the users were added: a tie broken by username would sort
 * every user of that balance, and with a zero balance that can be nearly everyone.
 */
export async function searchByBalance(executor: Executor, page: BalancePage): Promise<UserWithAccount[]> {
  const direction = page.descending ? 'desc' : 'asc';
  // Quick find matches few users: they lead, found by their own indexes, then sorted. SQLite,
  // which keeps no statistics, would walk every account in balance order instead; a CROSS JOIN
  // keeps its left table outermost there and is a plain join to PostgreSQL.
  const joined = page.quickFind
    ? executor.selectFrom('users').crossJoin('accounts').whereRef('accounts.user_id', '=', 'users.id')
    : executor.selectFrom('accounts').innerJoin('users', 'users.id', 'accounts.user_id');
  let withAccount = joined.where('accounts.type', '=', 'personal').where(page.where);
  if (page.restricted !== undefined)
    withAccount = withAccount.where('accounts.restricted', '=', page.restricted ? 1 : 0);
  if (page.balanceBelow !== undefined)
    withAccount = withAccount.where('accounts.balance', '<', page.balanceBelow);
  const rows = await withAccount
    .selectAll('users')
    .select(['accounts.balance as account_balance', 'accounts.restricted as account_restricted'])
    .orderBy('accounts.balance', direction)
    .orderBy('accounts.user_id', direction)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const accountFilter = page.restricted !== undefined || page.balanceBelow !== undefined;
  if (rows.length === page.limit || accountFilter) return rows;
  // The page reaches past the last account and goes on with the users who have none; a page
  // that starts past the accounts skips as many of those as it starts past them.
  const skip =
    rows.length > 0 || page.offset === 0
      ? 0
      : page.offset -
        Number(
          (await withAccount.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
        );
  const without = await executor
    .selectFrom('users')
    .selectAll('users')
    .select([sql<null>`null`.as('account_balance'), sql<null>`null`.as('account_restricted')])
    .where(page.where)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('accounts').select('accounts.id').whereRef('accounts.user_id', '=', 'users.id'))),
    )
    .orderBy('users.username', direction)
    .limit(page.limit - rows.length)
    .offset(skip)
    .execute();
  return [...rows, ...without];
}
