import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';
import { openDatabase, type Database } from './database.js';
import type { DB } from './schema.js';

describe('PostgreSQL connections', { skip: postgresSkip() }, () => {
  let fresh: { url: string; dispose(): Promise<void> };
  let database: Database;
  const lost: string[] = [];

  before(async () => {
    fresh = await freshDatabaseUrl('postgres');
    database = await openDatabase(fresh.url, { connectionLost: (reason) => lost.push(reason) });
  });
  after(async () => {
    await database?.close();
    await fresh?.dispose();
  });

  it('survives the server ending its idle connections, and queries again on new ones', async () => {
    const backend = async () =>
      (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]!.pid;
    const before = await backend();
    const admin = new pg.Client({ connectionString: process.env.QUIRE_TEST_PG_URL });
    await admin.connect();
    try {
      const ended = await admin.query<{ ended: boolean }>('select pg_terminate_backend($1) as ended', [
        before,
      ]);
      assert.equal(ended.rows[0]?.ended, true);
      // The pool hears of it as an error on an idle connection: give it time to arrive.
      for (let i = 0; i < 50; i++) {
        const gone = await admin.query('select 1 from pg_stat_activity where pid = $1', [before]);
        if (gone.rowCount === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await admin.end();
    }
    assert.notEqual(await backend(), before, 'a new connection answers');
    assert.match(lost.join('\n'), /terminating connection due to administrator command/, 'and says so');
  });

  it('prepares a statement that keeps coming back, but never a search, and answers the same', async () => {
    await sql`create table notes (id integer primary key, value text not null)`.execute(database.db);
    await sql`insert into notes values (1, 'one'), (2, 'two'), (3, 'three')`.execute(database.db);
    const byId = async (id: number) =>
      await database.db.connection().execute(async (db) => {
        const found = await sql<{ value: string }>`select value from notes where id = ${id}`.execute(db);
        const prepared = await sql<{ name: string; statement: string }>`
          select name, statement from pg_prepared_statements`.execute(db);
        return { value: found.rows[0]?.value, prepared: prepared.rows };
      });
    const first = await byId(1);
    assert.equal(first.value, 'one');
    assert.ok(!first.prepared.some((p) => p.statement.includes('from notes')), 'not after one use');
    await byId(2);
    const third = await byId(3);
    assert.equal(third.value, 'three', 'the values are bound each time');
    assert.ok(
      third.prepared.some((p) => /^quire_\d+$/.test(p.name) && p.statement.includes('from notes where id')),
      JSON.stringify(third.prepared),
    );
    for (let i = 0; i < 4; i++)
      await sql`select value from notes where value like ${'t%'}`.execute(database.db);
    const statements = await database.db
      .connection()
      .execute(
        async (db) =>
          (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows,
      );
    assert.ok(!statements.some((p) => p.statement.includes('like')), 'a search is planned for its pattern');
  });

  it('never prepares a statement on a sync run’s staging table (it ends with the run)', async () => {
    await sql`create table sync_stage_users_r7 (run_id integer not null)`.execute(database.db);
    const statements = await database.db.connection().execute(async (db) => {
      for (let i = 0; i < 4; i++)
        await sql`select count(*) as n from sync_stage_users_r7 where run_id = ${i}`.execute(db);
      return (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db))
        .rows;
    });
    assert.ok(
      !statements.some((p) => p.statement.includes('sync_stage_users_r7')),
      JSON.stringify(statements),
    );
  });

  it('copies rows in exactly, whatever backslashes, tabs and line breaks they hold', async () => {
    await sql`create table copied (n integer not null, value text not null)`.execute(database.db);
    const values = ['plain', 'cn=Smith\\, John,ou=Staff', 'a\tb', 'two\nlines\r\n', '\\N', '\\', 'é 😀'];
    await database.copy!(
      'copied',
      ['n', 'value'],
      values.map((value, n) => [n, value]),
    );
    const rows = await sql<{ value: string }>`select value from copied order by n`.execute(database.db);
    assert.deepEqual(
      rows.rows.map((r) => r.value),
      values,
    );
    await assert.rejects(database.copy!('copied', ['n', 'value'], [['x', 'not a number']]), /integer/);
    const after = await sql<{ n: number }>`select count(*) as n from copied`.execute(database.db);
    assert.equal(Number(after.rows[0]?.n), values.length, 'a refused COPY adds nothing');
  });

  it('answers a prepared statement with the new columns after a table changed (another server migrated)', async () => {
    const selectAll = (db: Kysely<DB>) =>
      sql<Record<string, unknown>>`select * from notes where id = ${1}`.execute(db);
    const all = async () => (await selectAll(database.db)).rows[0];
    for (let i = 0; i < 4; i++) assert.equal((await all())?.value, 'one');
    // Prepared on several connections at once, then changed: every caller still gets its answer.
    await Promise.all(Array.from({ length: 4 }, () => all()));
    await sql`alter table notes add column extra text default 'new'`.execute(database.db);
    const answers = await Promise.all(Array.from({ length: 4 }, () => all()));
    assert.deepEqual(
      answers,
      Array.from({ length: 4 }, () => ({ id: 1, value: 'one', extra: 'new' })),
    );
    // Inside a transaction the refusal has ended the transaction: its caller gets it as it is.
    const other = new pg.Client({ connectionString: fresh.url });
    await other.connect();
    try {
      await database.db.connection().execute(async (db) => {
        for (let i = 0; i < 4; i++) await selectAll(db);
        await other.query('alter table notes add column later text');
        await sql`begin`.execute(db);
        await assert.rejects(selectAll(db), /cached plan must not change result type/);
        await sql`rollback`.execute(db);
      });
    } finally {
      await other.end();
    }
    assert.equal((await all())?.later, null);
  });

  it('survives the server ending a connection in the middle of a transaction', async () => {
    const admin = new pg.Client({ connectionString: process.env.QUIRE_TEST_PG_URL });
    await admin.connect();
    try {
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
          // The connection hears of it between two statements, with none of its own running.
          await new Promise((resolve) => setTimeout(resolve, 200));
          await sql`select 1`.execute(trx);
        }),
      );
    } finally {
      await admin.end();
    }
    assert.equal((await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows[0]?.one, 1);
  });
});
