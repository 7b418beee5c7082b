/**
 * Quick find anywhere, as each database indexes it (migrations 20261208T100000-users-search and
 * 20261209T100000-users-search-rows): the conditions users-search.repository.ts builds its
 * statements from. SQLite reads users_search (FTS5, trigram tokenizer, whose rowid is the user
 * id); PostgreSQL searches users_search_rows (id, username, source, text) with LIKE, which its
 * pg_trgm GIN index serves. A query of three or more characters matches anywhere
 * in a user's username, full name, email, card numbers or department, case and accents folded.
 *
 *   const anywhere = matchAnywhere(postgres, 'smith'); // undefined for "sm": too short
 *   query.where(anywhere.where).orderBy(anywhere.prefixFirst);
 */
import {
  sql,
  type AliasedRawBuilder,
  type Expression,
  type Kysely,
  type RawBuilder,
  type SqlBool,
  type Transaction,
} from 'kysely';
import type { DB } from '../db/schema.js';

/** Where a search's statements run: the database, or a transaction on it. */
export type Executor = Kysely<DB> | Transaction<DB>;

/** A trigram is three characters: a shorter query cannot use the index. */
export const MATCH_ANYWHERE_MIN = 3;

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

/** Which users of a search: those it starts a word or field of, the others, or all (undefined). */
export type Part = boolean | undefined;

export interface AnywhereMatch {
  /**
   * What the statements read users from: `users`, or on PostgreSQL its narrow search table named
   * `users` (id, username, source_id and the text: all the search and its filters read).
   */
  from: 'users';
  /** The user (a row of the users table) matches the query anywhere, through the index. */
  where: Expression<SqlBool>;
  /** 0 where the query starts a word or field of the user (of users), else 1: sort by it first. */
  prefixFirst: Expression<number>;
  /**
   * The users among the first `bound` the index gives of a part that `filter` keeps: a read of
   * the index that stops there (SQLite would otherwise read every match before the first row).
   */
  firstOf(prefix: Part, filter: Expression<SqlBool>, bound: number): Expression<SqlBool>;
  /**
   * The ids of a part's first `want` users in username order among those `filter` keeps, read
   * from the trigram index and sorted.
   */
  sorted(
    prefix: boolean,
    filter: Expression<SqlBool>,
    direction: 'asc' | 'desc',
    want: number,
  ): RawBuilder<{ id: number }>;
  /** The same condition as `part`, tested on each user of a walk of another index (username). */
  tested(prefix: boolean): Expression<SqlBool>;
  /** Sample both parts in one statement first (PostgreSQL; see anywhereByUsername). */
  sampleFirst: boolean;
  /** The chunks of users a walk tests, in order, before it sorts the part's matches instead. */
  walkChunks: readonly number[];
  /** The users columns `tested` reads besides the id (a walk selects them). */
  columns: readonly AliasedRawBuilder<string, 'search_text'>[];
  /** Runs a search's statements as this database should plan them (see postgresMatch). */
  planned<T>(executor: Executor, work: (executor: Executor) => Promise<T>): Promise<T>;
}

/** FTS5 query syntax: one phrase (a substring, for trigrams), its quotes doubled. */
const phrase = (text: string) => `"${text.replaceAll('"', '""')}"`;
/** LIKE pattern text: `\`, `%` and `_` stand for themselves. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The match-anywhere condition and rank for `query`, or undefined when it is too short for
 * trigrams. SQLite reads users_search (FTS5, whose rowid is the user id); PostgreSQL matches
 * users_search_rows.search_text with LIKE, which its pg_trgm GIN index serves.
 */
export function matchAnywhere(postgres: boolean, query: string): AnywhereMatch | undefined {
  const key = searchKey(query);
  if ([...key.trim()].length < MATCH_ANYWHERE_MIN) return undefined;
  return postgres ? postgresMatch(key) : sqliteMatch(key);
}

function postgresMatch(key: string): AnywhereMatch {
  // An appended '' keeps the same condition off the trigram index (a walk tests it row by row).
  const like = (text: string, walk = false) =>
    walk
      ? sql<SqlBool>`(users.search_text || '') like ${`%${literal(text)}%`}`
      : sql<SqlBool>`users.search_text like ${`%${literal(text)}%`}`;
  const part = (prefix: Part, walk = false) =>
    prefix === undefined
      ? like(key, walk)
      : prefix
        ? like(` ${key}`, walk)
        : sql<SqlBool>`${like(key, walk)} and not ${like(` ${key}`, walk)}`;
  return {
    // The narrow table stands for users in the search's own statements: it has every column
    // they and their filters read (id, username, source_id).
    from: 'users_search_rows as users' as 'users',
    // Of the users table (the inner "users" is the search table).
    where: sql<SqlBool>`users.id in (select users.id from users_search_rows as users where ${like(key)})`,
    prefixFirst: sql<number>`case when users.id in
      (select users.id from users_search_rows as users where ${like(` ${key}`)}) then 0 else 1 end`,
    // The sample's LIMIT ends PostgreSQL's read of the bitmap's rows.
    firstOf: (prefix, filter) => sql<SqlBool>`${part(prefix)} and ${filter}`,
    // The part's matches from the trigram index (behind OFFSET 0, which the planner does not
    // look through), then filtered and sorted: given the username range, the planner walked the
    // username index across it instead, misjudging what a LIKE keeps (0.4 s for "maria" at a
    // million users, whose matches lie far along). A materialized CTE did the same but spilled.
    sorted: (prefix, filter, direction, want) => sql<{ id: number }>`select users.id from
      (select users.id, users.username, users.source_id from users_search_rows as users
        where ${part(prefix)} offset 0) as users
      where ${filter} order by users.username ${sql.raw(direction)} limit ${want}`,
    tested: (prefix) => part(prefix, true),
    sampleFirst: true,
    // Testing a user's row costs about a microsecond: walk a few thousand before sorting.
    walkChunks: [2_000, 4_000],
    columns: [sql<string>`users.search_text`.as('search_text')],
    // Never a sequential scan: pg_trgm guesses a LIKE keeps about 5 % of users whatever it is,
    // so a sample's LIMIT 2,501 looked cheaper read from the table's start than from the index
    // (0.35–0.6 s reading 434,000 users for "luk", which about 1,500 match). Within a caller's
    // transaction the statements run as planned by default.
    planned: (executor, work) => (executor.isTransaction ? work(executor) : withoutSeqScan(executor, work)),
  };
}

/**
 * `work` in a transaction of its own on one connection, with sequential scans off. BEGIN and
 * SET LOCAL go as one simple query (no parameters: PostgreSQL runs both), a round trip less than
 * a Kysely transaction and its SET.
 */
async function withoutSeqScan<T>(db: Kysely<DB>, work: (executor: Executor) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    let result: T;
    try {
      // Inside the try: a SET refused after its BEGIN leaves a failed transaction to roll back.
      await sql.raw('begin; set local enable_seqscan = off').execute(connection);
      result = await work(connection);
    } catch (error) {
      // The search's error is the one to report, whatever the rollback says.
      await sql
        .raw('rollback')
        .execute(connection)
        .catch(() => undefined);
      throw error;
    }
    await sql.raw('commit').execute(connection);
    return result;
  });
}

function sqliteMatch(key: string): AnywhereMatch {
  const rowids = (text: string) =>
    sql`select rowid from users_search where users_search match ${phrase(text)}`;
  // The part's rowids: the users it starts a word of, the others, or all.
  const match = (prefix: Part) =>
    prefix === undefined
      ? sql`users_search match ${phrase(key)}`
      : prefix
        ? sql`users_search match ${phrase(` ${key}`)}`
        : sql`users_search match ${phrase(key)} and users_search.rowid not in (${rowids(` ${key}`)})`;
  const part = (prefix: Part) =>
    sql<SqlBool>`users.id in (select users_search.rowid from users_search where ${match(prefix)})`;
  return {
    from: 'users',
    where: part(undefined),
    prefixFirst: sql<number>`case when ${part(true)} then 0 else 1 end`,
    // FTS5 first, each match's user read by rowid and filtered (the inner "users" is the join's),
    // up to the bound: an IN list of the whole match would be read before its first row.
    firstOf: (prefix, filter, bound) => sql<SqlBool>`users.id in (select users.id from users_search
      join users on users.id = users_search.rowid where ${match(prefix)} and ${filter} limit ${bound})`,
    // FTS5 first, each match's username and source read by rowid from users_search_order_idx
    // (about a tenth of the pages of the users table's rows; SQLite keeps no statistics and would
    // read the rows), then sorted: an IN list would read the users twice.
    sorted: (prefix, filter, direction, want) => sql<{ id: number }>`select users.id from users_search
      join users indexed by users_search_order_idx on users.id = users_search.rowid where ${match(prefix)} and ${filter}
      order by users.username ${sql.raw(direction)} limit ${want}`,
    // The part's whole match is read into a list once per statement (its doclists, ~10–20 ms for
    // a common trigram at a million users), then each user walked is one probe of it. (A look-up
    // of each user's rowid in the trigram index instead costs about 100 µs a user.) The unary +
    // keeps SQLite from driving the walk by the list.
    tested: (prefix) => sql<SqlBool>`+${part(prefix)}`,
    sampleFirst: false,
    // One chunk, as each statement reads the list again; a short one, as sorting the matches by
    // users_search_order_idx costs less than walking far (p95 of the Users page at a million
    // users, machine busy: 20,000 users walked 55–61 ms, 5,000 46–49 ms).
    walkChunks: [5_000],
    columns: [],
    planned: (executor, work) => work(executor),
  };
}
