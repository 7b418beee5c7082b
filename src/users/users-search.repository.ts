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
  /** The user matches the query anywhere. */
  where: Expression<SqlBool>;
  /** 0 where the query starts a word or field, else 1: sort by it first. */
  prefixFirst: Expression<number>;
}

/** FTS5 query syntax: one phrase (a substring, for trigrams), its quotes doubled. */
const phrase = (text: string) => `"${text.replaceAll('"', '""')}"`;
/** LIKE pattern text: `\`, `%` and `_` stand for themselves. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The match-anywhere condition and rank for `query`, or undefined when it is too short for
 * trigrams. SQLite reads users_search (FTS5, whose rowid is the user id); PostgreSQL matches
 * users.search_text with LIKE, which its pg_trgm GIN index serves.
 */
export function matchAnywhere(postgres: boolean, query: string): AnywhereMatch | undefined {
  const key = searchKey(query);
  if ([...key.trim()].length < MATCH_ANYWHERE_MIN) return undefined;
  if (postgres) {
    return {
      where: sql<SqlBool>`users.search_text like ${`%${literal(key)}%`}`,
      prefixFirst: sql<number>`case when users.search_text like ${`% ${literal(key)}%`} then 0 else 1 end`,
    };
  }
  const matching = (text: string) =>
    sql`users.id in (select rowid from users_search where users_search match ${phrase(text)})`;
  return {
    where: sql<SqlBool>`${matching(key)}`,
    prefixFirst: sql<number>`case when ${matching(` ${key}`)} then 0 else 1 end`,
  };
}

/** How many rows `query` finds, counted no further than COUNT_BOUND + 1. */
export async function countUpTo(
  executor: Kysely<DB> | Transaction<DB>,
  query: SelectQueryBuilder<DB, 'users' | 'accounts', object>,
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
