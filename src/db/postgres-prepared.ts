/**
 * PostgreSQL statements that keep coming back, prepared once per connection (see below).
 *
 *   const dialect = new PostgresDialect({ pool: withPreparedStatements(new pg.Pool({ … })) });
 */
import type { Pool as PgPool } from 'pg';

/** Statements PostgreSQL plans each time: their plan depends on the values (patterns, sizes). */
const PLANNED_EACH_TIME = /\b(like|ilike|limit|offset|any|similar)\b|~/i;
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
/**
 * A sync run's staging tables are its own, named after it (src/sync/sync-stage-tables.ts): a
 * statement on them is not seen again once the run ends, and prepared it would keep one of the
 * MAX_PREPARED names on every connection it used, for good (SQLite's statement cache in
 * database.ts leaves them out for the same reason).
 */
export const NAMES_RUN_TABLES = /\bsync_stage_/i;
/** A statement is prepared from its third use on, and at most this many per process. */
const PREPARE_AFTER_USES = 3;
const MAX_PREPARED = 500;
const MAX_PREPARED_LENGTH = 2000;

/**
 * Kysely sends every query unnamed, so PostgreSQL parses and plans it each time. A short statement
 * that keeps coming back (a user by name, a session, a throttle upsert) is sent as a named
 * prepared statement instead, which each connection parses once: measured, 40 % of the database's
 * CPU for such a statement. Searches and pages, whose best plan depends on the pattern or the
 * page, stay unnamed. A statement prepared before a table changed (another server's migration)
 * is sent once more unnamed and prepared again under a new name (see below). QUIRE_DATABASE_PREPARE=
 * false turns this off, for a connection pooler that cannot keep prepared statements.
 */
export function withPreparedStatements(pool: PgPool): PgPool {
  const uses = new Map<string, number>();
  const names = new Map<string, string>();
  /** Texts already found unfit (a search, a page): not tested again on every use. */
  const unfit = new Set<string>();
  let named = 0;
  const nameFor = (text: string): string | undefined => {
    const name = names.get(text);
    if (name || named >= MAX_PREPARED || text.length > MAX_PREPARED_LENGTH || unfit.has(text)) return name;
    const count = (uses.get(text) ?? 0) + 1;
    if (
      count === 1 &&
      (!PREPARABLE.test(text) || PLANNED_EACH_TIME.test(text) || NAMES_RUN_TABLES.test(text))
    ) {
      if (unfit.size >= MAX_PREPARED * 4) unfit.clear();
      unfit.add(text);
      return undefined;
    }
    if (count < PREPARE_AFTER_USES) {
      if (uses.size >= MAX_PREPARED * 4) uses.clear();
      uses.set(text, count);
      return undefined;
    }
    uses.delete(text);
    names.set(text, `quire_${named++}`);
    return names.get(text);
  };
  const prepared = new WeakSet<object>();
  const connect = async () => {
    const client = await pool.connect();
    if (prepared.has(client)) return client;
    prepared.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    client.query = ((text: unknown, values?: unknown, ...rest: unknown[]) => {
      const name = typeof text === 'string' && Array.isArray(values) ? nameFor(text) : undefined;
      if (!name) return query(text, values, ...rest);
      return query({ name, text, values }).catch((error: unknown) => {
        // A table changed under a prepared `select *` (another server's migration): PostgreSQL
        // refuses the old plan. The statement is prepared again under a new name from now on, and
        // this one is sent once more unnamed, unless it was inside a transaction, which the
        // error has ended: that caller gets the error.
        if ((error as { code?: string }).code !== '0A000' || client.getTransactionStatus() !== 'I')
          throw error;
        if (names.get(text as string) === name) names.delete(text as string);
        return query(text, values);
      });
    }) as typeof client.query;
    return client;
  };
  const query = () => {
    throw new Error('withPreparedStatements: take a connection with connect()');
  };
  return Object.assign(Object.create(pool) as PgPool, { connect, query, end: () => pool.end() });
}
