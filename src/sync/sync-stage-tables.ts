/**
 * A sync run's own staging tables: made when the run starts, made ready for the joins once they
 * are loaded (indexed on SQLite, analyzed on PostgreSQL), dropped when it ends. They take the shape
 * of the migration's sync_stage_* tables (their templates).
 *
 * - SQLite: temporary tables of the server's one connection — no WAL, no fsync, and gone with the
 *   process.
 * - PostgreSQL: UNLOGGED tables (no write-ahead log) that every connection sees, so the run's
 *   statements may take any pooled connection, behind a pooler in transaction mode too. A run
 *   that dies leaves them; the next run of any source drops them (`runsWithTables`, then
 *   `dropTables` with its id).
 *
 * Tables of its own let a run fill them without indexes and build what it needs once, after the
 * load (a bulk build costs a fraction of maintaining an index row by row), and let runs of several
 * sources stage at once without sharing anything.
 *
 *   const run = stagingRun(runId, postgres);
 *   await createTables(db, run);
 *   await sql`insert into ${run.users} …`.execute(db);
 *   await settleTables(db, run, ['users', 'groups', 'members']);
 *   await bulk(db, run, (executor) => sql`… join ${run.users} s …`.execute(executor));
 *   await dropTables(db, run.id, run.postgres);
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';

export type StageTable = 'users' | 'groups' | 'members' | 'memberships';

/** A run being staged: its id and its tables, for sql`` templates (`sql\`… from ${run.users} s\``). */
export type StagingRun = { id: number; postgres: boolean } & Record<StageTable, RawBuilder<unknown>>;

const TABLES: readonly StageTable[] = ['users', 'groups', 'members', 'memberships'];

/** SQLite: the indexes each table gets once loaded (the statements of sync-stage, -compare, -apply use them). */
const INDEXES: readonly [table: StageTable, columns: string][] = [
  ['users', 'external_id, status'],
  ['users', 'username, status'],
  ['users', 'ref_key'],
  ['groups', 'ref_key'],
  ['groups', 'name'],
  ['members', 'group_ref'],
  ['members', 'member_ref'],
  ['memberships', 'group_ref, external_id'],
  ['memberships', 'external_id, group_ref'],
];

const template = (table: StageTable) => `sync_stage_${table}`;
/** A run id is an integer from the database: the name is made of known parts only. */
const nameOf = (table: StageTable, runId: number) => `${template(table)}_r${Math.trunc(runId)}`;
const qualified = (table: StageTable, runId: number, postgres: boolean) =>
  `${postgres ? '' : 'temp.'}${nameOf(table, runId)}`;

/** A run's table by name, for statements that do not go through Kysely (SQLite's own handle). */
export const tableName = (run: StagingRun, table: StageTable) => qualified(table, run.id, run.postgres);

export function stagingRun(id: number, postgres: boolean): StagingRun {
  const table = (t: StageTable) => sql.table(qualified(t, id, postgres));
  return {
    id,
    postgres,
    users: table('users'),
    groups: table('groups'),
    members: table('members'),
    memberships: table('memberships'),
  };
}

export async function createTables(db: Kysely<DB>, run: StagingRun): Promise<void> {
  for (const table of TABLES) {
    const name = nameOf(table, run.id);
    await sql
      .raw(
        run.postgres
          ? `create unlogged table ${name} (like ${template(table)} including defaults)`
          : `create temp table ${name} as select * from main.${template(table)} where 0`,
      )
      .execute(db);
  }
}

/**
 * The tables are loaded. SQLite joins by nested loops, each probing an index: it gets the indexes.
 * PostgreSQL joins whole staged tables by hashing them: a plan log of a 100,000-user run
 * (auto_explain) showed one of the nine indexes used, for a sort that `bulk`'s work_mem does as
 * fast; it gets only fresh statistics, without which it takes the tables for empty ones (and
 * autovacuum would come too late).
 */
export async function settleTables(db: Kysely<DB>, run: StagingRun, tables: StageTable[]): Promise<void> {
  if (run.postgres) {
    for (const table of tables) await sql.raw(`analyze ${nameOf(table, run.id)}`).execute(db);
    return;
  }
  for (const [i, [table, columns]] of INDEXES.entries()) {
    if (!tables.includes(table)) continue;
    const name = nameOf(table, run.id);
    await sql.raw(`create index temp.${name}_i${i} on ${name} (${columns})`).execute(db);
  }
}

/**
 * Drops a run's tables, if they exist. On PostgreSQL a DROP waits for every lock on the table (a
 * pg_dump holds one until it ends): it gives up after two seconds instead, and throws.
 */
export async function dropTables(db: Kysely<DB>, runId: number, postgres: boolean): Promise<void> {
  const drop = async (executor: Kysely<DB>) => {
    for (const table of TABLES)
      await sql.raw(`drop table if exists ${qualified(table, runId, postgres)}`).execute(executor);
  };
  if (!postgres) return drop(db);
  await db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = '2s'`.execute(trx);
    await drop(trx);
  });
}

const RUN_TABLE = /^sync_stage_[a-z]+_r([0-9]+)$/;

/** The runs that have staging tables now (this database's, or on SQLite this connection's). */
export async function runsWithTables(db: Kysely<DB>, postgres: boolean): Promise<number[]> {
  const names = postgres
    ? await sql<{ name: string }>`select tablename as name from pg_tables
        where schemaname = current_schema() and tablename like 'sync_stage_%'`.execute(db)
    : await sql<{ name: string }>`select name from sqlite_temp_master
        where type = 'table' and name like 'sync_stage_%'`.execute(db);
  const ids = names.rows.flatMap((r) => {
    const match = RUN_TABLE.exec(r.name);
    return match ? [Number(match[1])] : [];
  });
  return [...new Set(ids)];
}

/**
 * Runs a statement that joins or sorts a whole directory, once: on PostgreSQL in a transaction of
 * its own without JIT compilation (a third of such a statement's time, measured, never paid back
 * by one execution) and with room to sort and hash in memory rather than in temporary files. The
 * settings end with the transaction, so they never reach another statement of the connection.
 */
export async function bulk<T>(
  db: Kysely<DB>,
  run: StagingRun,
  statement: (executor: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (!run.postgres) return statement(db);
  return db.transaction().execute(async (trx) => {
    await tuneTransaction(trx);
    return statement(trx);
  });
}

/** The settings of `bulk`, for a transaction already open (the apply step's). */
export async function tuneTransaction(trx: Kysely<DB>): Promise<void> {
  await sql`set local jit = off`.execute(trx);
  await sql`set local work_mem = '64MB'`.execute(trx);
}
