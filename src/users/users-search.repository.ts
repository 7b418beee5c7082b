/**
 * Quick find anywhere: a query of three or more characters matches anywhere in a user's
 * username, full name, email, card numbers or department, case and accents folded ("jose" finds
 * José, "SMITH" finds Anna Smith-Jones), through the trigram index of migration
 * 20261208T100000-users-search; users where it starts a word or a field come first. Shorter
 * queries make no trigram and keep the prefix search of users-list.repository.ts.
 *
 *   const found = matchAnywhere(postgres, 'smith');
 *   if (found) query = query.where(found.where).orderBy(found.prefixFirst);
 */
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
  type Transaction,
} from 'kysely';
import type { DB } from '../db/schema.js';

/** A trigram is three characters: a shorter query cannot use the index. */
export const MATCH_ANYWHERE_MIN = 3;

/** Counts stop here: "more than 1,000" costs what 1,000 costs, however many users match. */
export const COUNT_BOUND = 1000;

/** How many users a search found: `exact` false means more than `count`. */
export interface SearchTotal {
  count: number;
  exact: boolean;
}

/**
 * The query as the index holds text: accents stripped (NFKD, combining marks removed), lower-
 * cased, and the separators the migration turns into spaces turned into spaces here too.
 */
export function searchKey(query: string): string {
  return query
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.@_\-,]/g, ' ');
}

export interface AnywhereMatch {
  /** The user matches the query anywhere (through the index). */
  where: Expression<SqlBool>;
  /** 0 where the query starts a word or field, else 1: sort by it first. */
  prefixFirst: Expression<number>;
  /**
   * The users it starts a word or field of (`prefix`), or the others it matches; `walk` hides
   * the condition from the index, so that the database walks another index (username) instead.
   */
  part(prefix: boolean, walk: boolean): Expression<SqlBool>;
}

/** FTS5 query syntax: one phrase (a substring, for trigrams), its quotes doubled. */
const phrase = (text: string) => `"${text.replaceAll('"', '""')}"`;
/** LIKE pattern text: `\`, `%` and `_` stand for themselves. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The match-anywhere condition and rank for `query`, or undefined when it is too short for
 * trigrams. SQLite reads users_search (FTS5, whose rowid is the user id); PostgreSQL matches
 * users.search_text with LIKE, which its pg_trgm GIN index serves. A unary `+` (SQLite) or an
 * appended '' (PostgreSQL) keeps the same condition off the index.
 */
export function matchAnywhere(postgres: boolean, query: string): AnywhereMatch | undefined {
  const key = searchKey(query);
  if ([...key.trim()].length < MATCH_ANYWHERE_MIN) return undefined;
  const matching = postgres
    ? (text: string, walk = false) =>
        walk
          ? sql<SqlBool>`(users.search_text || '') like ${`%${literal(text)}%`}`
          : sql<SqlBool>`users.search_text like ${`%${literal(text)}%`}`
    : (text: string, walk = false) =>
        sql<SqlBool>`${sql.raw(walk ? '+' : '')}users.id in (select rowid from users_search where users_search match ${phrase(text)})`;
  return {
    where: matching(key),
    prefixFirst: sql<number>`case when ${matching(` ${key}`)} then 0 else 1 end`,
    part: (prefix, walk) =>
      prefix
        ? matching(` ${key}`, walk)
        : sql<SqlBool>`${matching(key, walk)} and not ${matching(` ${key}`, walk)}`,
  };
}

type Executor = Kysely<DB> | Transaction<DB>;
type Filters = (eb: ExpressionBuilder<DB, 'users'>) => Expression<SqlBool>;

/**
 * Quick find anywhere in username order, as the ids of the first `offset + limit + 1` users
 * (those it starts a word of first), with the count. Each part is counted up to COUNT_BOUND
 * first: a part of at most that many users is read from the trigram index and sorted; a larger
 * one is walked in username order, filtered, which stops after a page's worth — with more than
 * 1,000 matches one user in a thousand matches at worst, so a page costs a bounded walk instead
 * of sorting every match ("mar" among a million users matches a hundred thousand).
 */
export async function anywhereByUsername(
  executor: Executor,
  anywhere: AnywhereMatch,
  filters: Filters,
  direction: 'asc' | 'desc',
  take: number,
): Promise<{ ids: number[]; total: SearchTotal }> {
  const ids: number[] = [];
  const totals: SearchTotal[] = [];
  for (const prefix of [true, false]) {
    // More than the bound start a word and they fill the page: the rest changes neither.
    if (!prefix && !totals[0]!.exact && ids.length >= take) break;
    const matching = (walk: boolean) =>
      executor.selectFrom('users').where(filters).where(anywhere.part(prefix, walk));
    const total = await countUpTo(executor, matching(false));
    totals.push(total);
    if (ids.length >= take || total.count === 0) continue;
    const want = take - ids.length;
    // A materialized CTE reads the few matches from the trigram index and sorts them; the walk
    // keeps the condition off the index, so the database walks usernames in order instead.
    const rows = total.exact
      ? await executor
          .with(
            (cte) => cte('m').materialized(),
            () => matching(false).select(['users.id', 'users.username']),
          )
          .selectFrom('m')
          .select('m.id')
          .orderBy('m.username', direction)
          .limit(want)
          .execute()
      : await walkUsernames(executor, filters, anywhere.part(prefix, true), direction, want);
    ids.push(...rows.map((row) => Number(row.id)));
  }
  const count = totals.reduce((sum, total) => sum + total.count, 0);
  const exact = totals.every((total) => total.exact) && count <= COUNT_BOUND;
  return { ids, total: { count: Math.min(count, COUNT_BOUND), exact } };
}

/** The first chunk a walk reads; each next one is twice as long. */
const WALK_CHUNK = 2000;

/**
 * The first `want` users matching `part`, walking the users in username order a chunk at a time
 * (keyset: the next chunk starts after the last username read). Each chunk is a plain walk of
 * the username index with a LIMIT, which no planner turns into a sort of every user — as
 * PostgreSQL did, misjudging how many users a LIKE keeps.
 */
async function walkUsernames(
  executor: Executor,
  filters: Filters,
  part: Expression<SqlBool>,
  direction: 'asc' | 'desc',
  want: number,
): Promise<{ id: number }[]> {
  const found: { id: number }[] = [];
  let after: string | undefined;
  for (let chunk = WALK_CHUNK; found.length < want; chunk *= 2) {
    let walked = executor.selectFrom('users').where(filters).selectAll().orderBy('users.username', direction);
    if (after !== undefined) walked = walked.where('users.username', direction === 'asc' ? '>' : '<', after);
    const rows = await executor
      .selectFrom(walked.limit(chunk).as('users'))
      .select(['users.id', 'users.username', sql<number>`case when ${part} then 1 else 0 end`.as('hit')])
      .orderBy('users.username', direction)
      .execute();
    found.push(...rows.filter((row) => Number(row.hit) === 1).slice(0, want - found.length));
    if (rows.length < chunk) break;
    after = rows.at(-1)!.username;
  }
  return found;
}

/** How many rows `query` finds, counted no further than COUNT_BOUND + 1. */
export async function countUpTo<TB extends keyof DB>(
  executor: Executor,
  query: SelectQueryBuilder<DB, TB, object>,
): Promise<SearchTotal> {
  const matched = query
    .clearSelect()
    .clearOrderBy()
    .select(sql<number>`1`.as('one'))
    .limit(COUNT_BOUND + 1)
    .as('matched');
  const row = await executor
    .selectFrom(matched)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const count = Number(row.n);
  return count > COUNT_BOUND ? { count: COUNT_BOUND, exact: false } : { count, exact: true };
}
