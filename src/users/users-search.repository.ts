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
  type AliasedRawBuilder,
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
  /** Sample both parts in one statement first (PostgreSQL; see anywhereByUsername). */
  sampleFirst: boolean;
  /** The users columns `part` reads besides the id (a walk selects them). */
  columns: readonly AliasedRawBuilder<string, 'search_text'>[];
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
    sampleFirst: postgres,
    columns: postgres ? [sql<string>`users.search_text`.as('search_text')] : [],
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
 * (those it starts a word of first), with the count. Each part is read from the trigram index up
 * to COUNT_BOUND + 1 users, counted and sorted in one statement (`sample`); a part of more than
 * that many is walked in username order, filtered, which stops after a page's worth — with more
 * than 1,000 matches one user in a thousand matches at worst, so a page costs a bounded walk
 * instead of sorting every match ("mar" among a million users matches a hundred thousand).
 *
 * On PostgreSQL one statement first samples every match, both parts at once: with at most the
 * bound that is the whole answer, and over it the parts sampled enough are walked at once. There
 * the word-start trigrams a part needs (" ma" and "  m" for " maria") hold most users and made
 * its scan the costliest of a search; SQLite would instead read the whole word-start match for
 * every user sampled, so it reads each part alone.
 */
export async function anywhereByUsername(
  executor: Executor,
  anywhere: AnywhereMatch,
  filters: Filters,
  direction: 'asc' | 'desc',
  take: number,
): Promise<{ ids: number[]; total: SearchTotal }> {
  const all = anywhere.sampleFirst
    ? await sample(executor, filters, anywhere.where, anywhere.part(true, true), direction, take)
    : undefined;
  const idsOf = (users: readonly Sampled[]) => users.map((user) => user.id);
  if (all !== undefined && all.count <= COUNT_BOUND) {
    const ids = [...idsOf(all.parts[0]), ...idsOf(all.parts[1])].slice(0, take);
    return { ids, total: { count: all.count, exact: true } };
  }
  const ids: number[] = [];
  const totals: SearchTotal[] = [];
  for (const [index, prefix] of [
    [0, true],
    [1, false],
  ] as const) {
    const want = take - ids.length;
    // Over the bound already and the page is full: the rest changes neither.
    if (want <= 0 && (all !== undefined || !totals[0]!.exact)) break;
    let sampled = all?.parts[index] ?? [];
    if (all === undefined || sampled.length < want) {
      const flag = sql<SqlBool>`${sql.lit(index === 0 ? 1 : 0)} = 1`;
      const part = await sample(executor, filters, anywhere.part(prefix, false), flag, direction, want);
      totals.push(boundedTotal(part.count));
      sampled = part.parts[index];
      if (part.count <= COUNT_BOUND) {
        ids.push(...idsOf(sampled));
        continue;
      }
    }
    if (want <= 0) continue;
    // The part's first `want` users in username order come no later than its `want`-th sampled.
    const until = sampled.length >= want ? sampled[want - 1]!.username : undefined;
    ids.push(...(await walkUsernames(executor, filters, { anywhere, prefix, direction, want, until })));
  }
  if (all !== undefined) return { ids, total: { count: COUNT_BOUND, exact: false } };
  const count = totals.reduce((sum, total) => sum + total.count, 0);
  const exact = totals.every((total) => total.exact) && count <= COUNT_BOUND;
  return { ids, total: { count: Math.min(count, COUNT_BOUND), exact } };
}

interface Sampled {
  id: number;
  username: string;
}

/** How many users a sample read (up to COUNT_BOUND + 1), and the first of each part read. */
interface Sample {
  count: number;
  /** The users sampled that `prefix` holds for, then the others; at most `take` each, in order. */
  parts: [Sampled[], Sampled[]];
}

/**
 * The users `where` matches, read from the trigram index no further than COUNT_BOUND + 1 users
 * (a materialized CTE), counted, split by `prefix`, and the first `take` of each side in username
 * order: one scan of the index and the table. Over the bound the users read are an arbitrary few
 * of the matches, which still bound a walk: a part's first `take` users come no later in username
 * order than its `take`-th user read.
 */
async function sample(
  executor: Executor,
  filters: Filters,
  where: Expression<SqlBool>,
  prefix: Expression<SqlBool>,
  direction: 'asc' | 'desc',
  take: number,
): Promise<Sample> {
  const order = sql.raw(direction);
  const rows = await executor
    .with(
      (cte) => cte('m').materialized(),
      () =>
        executor
          .selectFrom('users')
          .where(filters)
          .where(where)
          .select(['users.id', 'users.username', sql<number>`case when ${prefix} then 1 else 0 end`.as('p')])
          .limit(COUNT_BOUND + 1),
    )
    .selectFrom((eb) =>
      eb
        .selectFrom('m')
        .select([
          'm.id',
          'm.username',
          'm.p',
          sql<number>`count(*) over ()`.as('n'),
          sql<number>`row_number() over (partition by m.p order by m.username ${order})`.as('k'),
        ])
        .as('ranked'),
    )
    .select(['ranked.id', 'ranked.username', 'ranked.p', 'ranked.n', 'ranked.k'])
    // One row at least, for the count.
    .where('ranked.k', '<=', Math.max(take, 1))
    .execute();
  const parts: [Sampled[], Sampled[]] = [[], []];
  rows.sort((a, b) => Number(a.k) - Number(b.k));
  for (const row of rows)
    if (Number(row.k) <= take)
      parts[Number(row.p) === 1 ? 0 : 1].push({ id: Number(row.id), username: row.username });
  return { count: rows.length === 0 ? 0 : Number(rows[0]!.n), parts };
}

/** The first chunk a walk reads; each next one is twice as long. */
const WALK_CHUNK = 2000;

interface Walk {
  anywhere: AnywhereMatch;
  /** The part walked: users it starts a word of, or the others it matches. */
  prefix: boolean;
  direction: 'asc' | 'desc';
  want: number;
  /** A username by which `want` users of the part are known to have been passed. */
  until: string | undefined;
}

/**
 * The first `want` users of one part, walking the users in username order a chunk at a time
 * (keyset: the next chunk starts after the last username read), never past `until`. Each chunk is
 * a plain walk of the username index with a LIMIT, which no planner turns into a sort of every
 * user — as PostgreSQL did, misjudging how many users a LIKE keeps. The database tests each user
 * and sends back only the matches and the chunk's last user: sending every user walked cost more
 * than the walk.
 */
async function walkUsernames(
  executor: Executor,
  filters: Filters,
  { anywhere, prefix, direction, want, until }: Walk,
): Promise<number[]> {
  const found: number[] = [];
  const order = sql.raw(direction);
  let after: string | undefined;
  for (let chunk = WALK_CHUNK; found.length < want; chunk *= 2) {
    let walked = executor
      .selectFrom('users')
      .where(filters)
      .select(['users.id', 'users.username', ...anywhere.columns])
      .orderBy('users.username', direction);
    if (after !== undefined) walked = walked.where('users.username', direction === 'asc' ? '>' : '<', after);
    if (until !== undefined)
      walked = walked.where('users.username', direction === 'asc' ? '<=' : '>=', until);
    const tested = executor
      .selectFrom(walked.limit(chunk).as('users'))
      .select([
        'users.id',
        'users.username',
        sql<number>`case when ${anywhere.part(prefix, true)} then 1 else 0 end`.as('hit'),
        sql<number>`row_number() over (order by users.username ${order})`.as('k'),
      ]);
    const rows = await executor
      .selectFrom(tested.as('tested'))
      .select(['tested.id', 'tested.username', 'tested.hit', 'tested.k'])
      .where((eb) => eb.or([eb('tested.hit', '=', 1), eb('tested.k', '=', chunk)]))
      .execute();
    // In walk order; sorted here, where they are few, so that the database sorts nothing.
    rows.sort((a, b) => Number(a.k) - Number(b.k));
    for (const row of rows) if (Number(row.hit) === 1 && found.length < want) found.push(Number(row.id));
    const last = rows.at(-1);
    if (last === undefined || Number(last.k) < chunk) break;
    after = last.username;
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
  return boundedTotal(Number(row.n));
}

/** A count taken no further than COUNT_BOUND + 1, as the total shown. */
export function boundedTotal(count: number): SearchTotal {
  return count > COUNT_BOUND ? { count: COUNT_BOUND, exact: false } : { count, exact: true };
}
