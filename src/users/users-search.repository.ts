/**
 * Quick find anywhere in username order, the Users list's default (users-search.match.ts builds
 * the conditions): the first page's users — those the query starts a word or field of first — and
 * the count, bounded, whatever the number of matches and wherever they lie in username order.
 *
 *   const anywhere = matchAnywhere(postgres, 'smith');
 *   if (anywhere) ({ ids, total } = await anywhereByUsername(db, anywhere, filters, 'asc', 51));
 */
import {
  expressionBuilder,
  sql,
  type Expression,
  type ExpressionBuilder,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import type { DB } from '../db/schema.js';
import type { AnywhereMatch, Executor, Part } from './users-search.match.js';

/** Counts stop here: "more than 1,000" costs what 1,000 costs, however many users match. */
export const COUNT_BOUND = 1000;

/**
 * Up to this many matches of a search are read from the index and sorted whole (a millisecond or
 * a few); only a search matching more is walked in username order (see anywhereByUsername).
 */
export const SAMPLE_BOUND = 2_500;

/** How many users a search found: `exact` false means more than `count`. */
export interface SearchTotal {
  count: number;
  exact: boolean;
}

type Filters = (eb: ExpressionBuilder<DB, 'users'>) => Expression<SqlBool>;

/**
 * Quick find anywhere in username order, as the ids of the first `offset + limit + 1` users
 * (those it starts a word of first), with the count.
 *
 * Each part (starts a word; the others) is read from the trigram index up to SAMPLE_BOUND + 1
 * users, counted, and sorted in one statement (`sample`): for up to that many matches that is the
 * answer. A part of more matches is walked in username order a few thousand users at most
 * (`walkChunks`), the database testing each — a query most users match finds its page at once —
 * and what the walk did not find is sorted from the part's matches past it (`sortRange`), never
 * past the part's `take`-th user sampled: the page's users come no later than that.
 *
 * On PostgreSQL one statement first samples every match, both parts at once: that is the whole
 * answer up to the bound, and over it the parts sampled enough are walked at once. There the
 * word-start trigrams a part needs (" ma" and "  m" for " maria") hold most users and made its
 * scan the costliest of a search; SQLite reads a part's matches lazily and samples each alone.
 */
export async function anywhereByUsername(
  executor: Executor,
  anywhere: AnywhereMatch,
  filters: Filters,
  direction: 'asc' | 'desc',
  take: number,
  walkEnds: WalkEnds = createWalkEnds(),
): Promise<{ ids: number[]; total: SearchTotal }> {
  const all = anywhere.sampleFirst
    ? await sample(executor, anywhere, filters, undefined, direction, take)
    : undefined;
  const idsOf = (users: readonly Sampled[]) => users.map((user) => user.id);
  if (all !== undefined && all.count <= SAMPLE_BOUND) {
    const ids = [...idsOf(all.parts[0]), ...idsOf(all.parts[1])].slice(0, take);
    return { ids, total: boundedTotal(all.count) };
  }
  const ids: number[] = [];
  const totals: SearchTotal[] = [];
  for (const [index, prefix] of [
    [0, true],
    [1, false],
  ] as const) {
    const want = take - ids.length;
    // Over the count's bound already and the page is full: the rest changes neither.
    if (want <= 0 && (all !== undefined || !totals[0]!.exact)) break;
    let sampled = all?.parts[index] ?? [];
    if (all === undefined || sampled.length < want) {
      const part = await sample(executor, anywhere, filters, prefix, direction, want);
      totals.push(boundedTotal(part.count));
      sampled = part.parts[index];
      if (part.count <= SAMPLE_BOUND) {
        ids.push(...idsOf(sampled));
        continue;
      }
    }
    if (want <= 0) continue;
    // The part's first `want` users in username order come no later than its `want`-th sampled.
    const until = sampled.length >= want ? sampled[want - 1]!.username : undefined;
    const range: Range = { prefix, direction, want, until };
    const walked = (await walkReaches(executor, anywhere, filters, range, sampled[0]?.username, walkEnds))
      ? await walkUsernames(executor, anywhere, filters, range)
      : { found: [], after: undefined, done: false };
    ids.push(...walked.found);
    if (walked.found.length < want && !walked.done)
      ids.push(
        ...(await sortRange(executor, anywhere, filters, {
          ...range,
          want: want - walked.found.length,
          after: walked.after,
        })),
      );
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

/** How many users a sample read (up to SAMPLE_BOUND + 1), and the first of each part read. */
interface Sample {
  count: number;
  /** The users sampled that start a word with the query, then the others; at most `take` each, in order. */
  parts: [Sampled[], Sampled[]];
}

/**
 * The users of a part (or of both), read from the trigram index no further than SAMPLE_BOUND + 1
 * users (a materialized CTE), counted, split into the two parts, and the first `take` of each in
 * username order: one read of the index and the table. Over the bound the users read are an
 * arbitrary few of the matches, which still bound the rest: a part's first `take` users come no
 * later in username order than its `take`-th user read.
 */
async function sample(
  executor: Executor,
  anywhere: AnywhereMatch,
  filters: Filters,
  prefix: Part,
  direction: 'asc' | 'desc',
  take: number,
): Promise<Sample> {
  const order = sql.raw(direction);
  const flag = prefix === undefined ? anywhere.tested(true) : sql<SqlBool>`${sql.lit(prefix ? 1 : 0)} = 1`;
  const matches = executor.with(
    (cte) => cte('m').materialized(),
    () =>
      executor
        .selectFrom(anywhere.from)
        .where((eb) => anywhere.firstOf(prefix, filters(eb), SAMPLE_BOUND + 1))
        .select(['users.id', 'users.username', sql<number>`case when ${flag} then 1 else 0 end`.as('p')])
        .limit(SAMPLE_BOUND + 1),
  );
  // Each part's first users are a top-N sort of the users read, in a subquery of its own (SQLite
  // allows no ORDER BY or LIMIT in a member of a UNION), and the count a subquery: half the time
  // of ranking every user read with window functions (SQLite, 2,501 users read for "mar" at
  // 100,000: 2.1 against 4.4 ms; PostgreSQL, both parts: 2.3 against 3.3 ms).
  const first = (eb: ExpressionBuilder<SampleDB, never>, p: 0 | 1) =>
    eb
      .selectFrom('m')
      .select(['m.id', 'm.username', 'm.p', eb.selectFrom('m').select(eb.fn.countAll().as('n')).as('n')])
      .where('m.p', '=', p)
      .orderBy(sql`m.username ${order}`)
      // One row at least, for the count.
      .limit(Math.max(take, 1))
      .as(`part${p}`);
  const query = matches.selectFrom((eb) => first(eb, prefix === false ? 0 : 1)).selectAll();
  // Both parts (PostgreSQL's first sample): the second one's users after the first's.
  const both =
    prefix === undefined
      ? query.unionAll((eb) => {
          const withSample = eb as ExpressionBuilder<SampleDB, never>;
          return withSample.selectFrom(first(withSample, 0)).selectAll();
        })
      : query;
  // The few users kept, in order.
  const rows = await both.orderBy('p', 'desc').orderBy('username', direction).execute();
  const parts: [Sampled[], Sampled[]] = [[], []];
  for (const row of rows) {
    const part = parts[Number(row.p) === 1 ? 0 : 1];
    if (part.length < take) part.push({ id: Number(row.id), username: row.username });
  }
  return { count: rows.length === 0 ? 0 : Number(rows[0]!.n), parts };
}

/** The tables of a sample's statement: the users read, as `m`. */
type SampleDB = DB & { m: { id: number; username: string; p: number } };

interface Range {
  /** The part: users it starts a word of, or the others it matches. */
  prefix: boolean;
  direction: 'asc' | 'desc';
  want: number;
  /** A username by which `want` users of the part are known to have been passed. */
  until: string | undefined;
}

/** What a walk found, and where it stopped: `done` when nothing is left to find past `after`. */
interface Walked {
  found: number[];
  after: string | undefined;
  done: boolean;
}

/** `users.username` past `after` and no further than `until`, in the walk's direction. */
function inRange(
  eb: ExpressionBuilder<DB, 'users'>,
  after: string | undefined,
  range: Range,
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (after !== undefined)
    conditions.push(eb('users.username', range.direction === 'asc' ? '>' : '<', after));
  if (range.until !== undefined)
    conditions.push(eb('users.username', range.direction === 'asc' ? '<=' : '>=', range.until));
  return conditions;
}

/** How long the username a walk reaches is kept (see createWalkEnds). */
const WALK_END_MS = 10_000;
const WALK_ENDS_KEPT = 64;

/**
 * The username a walk reaches, by its statement (the filters and the direction), each kept
 * WALK_END_MS: it moves only as users are added or removed, and it only chooses between two ways
 * to the same page (walk or sort), so an answer a few seconds old costs at most some time (for
 * 10 s after a sync added or removed many users, a walk or a sort where the other was quicker).
 * A search then runs one statement less (PostgreSQL at 100,000 users: 0.8 ms of a 3-letter search).
 * One per users repository, shared by its searches.
 */
export function createWalkEnds(now: () => number = () => performance.now()) {
  const kept = new Map<string, { username: string | null; at: number }>();
  return {
    async get(key: string, read: () => Promise<string | null>): Promise<string | null> {
      const hit = kept.get(key);
      if (hit && now() - hit.at < WALK_END_MS) return hit.username;
      const username = await read();
      if (kept.size >= WALK_ENDS_KEPT) kept.clear();
      kept.set(key, { username, at: now() });
      return username;
    },
  };
}
export type WalkEnds = ReturnType<typeof createWalkEnds>;

/**
 * Whether a walk may find the part's users: the first of them sampled lies within the users a
 * walk passes (one step of the username index per user). Otherwise they lie further along (users
 * named after a group of surnames: every "maria" after the "l"s), and a walk would only read the
 * part's matches into its list for nothing before the sort reads them again (SQLite: about 27 ms
 * each for "maria" at a million users).
 */
async function walkReaches(
  executor: Executor,
  anywhere: AnywhereMatch,
  filters: Filters,
  range: Range,
  first: string | undefined,
  walkEnds: WalkEnds,
): Promise<boolean> {
  if (first === undefined) return true;
  const passed = anywhere.walkChunks.reduce((sum, chunk) => sum + chunk, 0);
  const query = executor
    .selectFrom(anywhere.from)
    .where(filters)
    .select('users.username')
    .orderBy('users.username', range.direction)
    .limit(1)
    .offset(passed - 1);
  const { sql: text, parameters } = query.compile();
  const last = await walkEnds.get(
    `${text} ${JSON.stringify(parameters)}`,
    async () => (await query.executeTakeFirst())?.username ?? null,
  );
  if (last === null) return true;
  return range.direction === 'asc' ? first <= last : first >= last;
}

/**
 * The first `want` users of one part, walking the users in username order a chunk at a time
 * (keyset: the next chunk starts after the last username read), never past `until`, and no
 * further than the match's `walkChunks`. Each chunk is a plain walk of the username index
 * with a LIMIT, which no planner turns into a sort of every user — as PostgreSQL did, misjudging
 * how many users a LIKE keeps. The database tests each user and sends back only the matches and
 * the chunk's last user: sending every user walked cost more than the walk.
 */
async function walkUsernames(
  executor: Executor,
  anywhere: AnywhereMatch,
  filters: Filters,
  range: Range,
): Promise<Walked> {
  const found: number[] = [];
  let after: string | undefined;
  for (const chunk of anywhere.walkChunks) {
    const users = executor
      .selectFrom(anywhere.from)
      .where(filters)
      .where((eb) => eb.and(inRange(eb, after, range)))
      .select(['users.id', 'users.username', ...anywhere.columns])
      .orderBy('users.username', range.direction);
    // The chunk's matches (hit 1), then its last user (hit 0) when it is full: where the next
    // chunk starts. Numbering the users walked instead (a window) sorted the chunk again:
    // 2 ms of SQLite's 4–6 for a chunk of 5,000.
    const hits = executor
      .selectFrom(users.limit(chunk).as('users'))
      .where(anywhere.tested(range.prefix))
      .select(['users.id', 'users.username', sql<number>`1`.as('hit')]);
    const last = executor
      .selectFrom(
        users
          .limit(1)
          .offset(chunk - 1)
          .as('users'),
      )
      .select(['users.id', 'users.username', sql<number>`0`.as('hit')]);
    const rows = await hits
      .unionAll(last)
      .orderBy('hit', 'desc')
      .orderBy('username', range.direction)
      .execute();
    for (const row of rows)
      if (Number(row.hit) === 1 && found.length < range.want) {
        found.push(Number(row.id));
        after = row.username;
      }
    const full = rows.at(-1);
    if (found.length >= range.want || full === undefined || Number(full.hit) === 1)
      return { found, after, done: true };
    after = full.username;
  }
  return { found, after, done: false };
}

/**
 * The first `want` users of one part past `after` (and no further than `until`), read from the
 * trigram index and sorted: what a walk left when the part's matches lie far along in username
 * order (users named after their first initial and surname put every "maria" after the "l"s).
 */
async function sortRange(
  executor: Executor,
  anywhere: AnywhereMatch,
  filters: Filters,
  range: Range & { after: string | undefined },
): Promise<number[]> {
  const { direction } = range;
  const eb = expressionBuilder<DB, 'users'>();
  const conditions = [filters(eb), ...inRange(eb, range.after, range)];
  const { rows } = await anywhere
    .sorted(range.prefix, eb.and(conditions), direction, range.want)
    .execute(executor);
  return rows.map((row) => Number(row.id));
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
