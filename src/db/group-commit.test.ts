import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type Database } from './database.js';
import { createGroupCommit } from './group-commit.js';
import type { DB } from './schema.js';

/** The test's own table, outside the application's schema. */
async function insert(trx: Kysely<DB>, value: string): Promise<void> {
  await sql`insert into notes (value) values (${value})`.execute(trx);
}

describe('group commit (SQLite)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-group-commit-'));
  const file = path.join(dir, 'test.db');
  let database: Database;
  /** A second connection: it sees only what was committed. */
  let outside: SQLite.Database;
  const committed = () =>
    (outside.prepare('select value from notes order by id').all() as { value: string }[]).map((r) => r.value);

  before(async () => {
    database = await openDatabase(`sqlite:${file}`);
    await sql`create table notes (id integer primary key, value text not null)`.execute(database.db);
    outside = new SQLite(file, { readonly: true });
  });
  after(async () => {
    outside.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits works that arrive together once, each seeing the others only after the commit', async () => {
    await sql`delete from notes`.execute(database.db);
    const commit = createGroupCommit(database.db);
    const seenOutside: number[] = [];
    const works = Array.from({ length: 10 }, (_, i) =>
      commit.run(
        async (trx) => {
          await insert(trx, `w${i}`);
          seenOutside.push(committed().length);
          return i;
        },
        () => false,
      ),
    );
    assert.deepEqual(await Promise.all(works), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Every work ran before any of them was committed: one transaction for the ten.
    assert.deepEqual(seenOutside, Array(10).fill(0));
    assert.deepEqual(
      committed(),
      Array.from({ length: 10 }, (_, i) => `w${i}`),
    );
  });

  it('rolls back only the work that throws or asks to be undone; the others commit', async () => {
    await sql`delete from notes`.execute(database.db);
    const commit = createGroupCommit(database.db);
    const results = await Promise.allSettled([
      commit.run(
        (trx) => insert(trx, 'kept-1'),
        () => false,
      ),
      commit.run(
        async (trx) => {
          await insert(trx, 'thrown');
          throw new Error('this work fails');
        },
        () => false,
      ),
      commit.run(
        async (trx) => {
          await insert(trx, 'undone');
          return 'undo me';
        },
        (result) => result === 'undo me',
      ),
      commit.run(
        (trx) => insert(trx, 'kept-2'),
        () => false,
      ),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    assert.equal((results[1] as PromiseRejectedResult).reason.message, 'this work fails');
    assert.equal((results[2] as PromiseFulfilledResult<string>).value, 'undo me');
    assert.deepEqual(committed(), ['kept-1', 'kept-2']);
  });

  it('fails every work of a batch whose transaction cannot commit, and writes none of them', async () => {
    await sql`delete from notes`.execute(database.db);
    const commit = createGroupCommit(database.db);
    const results = await Promise.allSettled([
      commit.run(
        (trx) => insert(trx, 'first'),
        () => false,
      ),
      // Ends the shared transaction under the batch, as SQLite does by itself on a full disk.
      commit.run(
        async (trx) => {
          await sql`rollback`.execute(trx);
        },
        () => false,
      ),
      commit.run(
        (trx) => insert(trx, 'third'),
        () => false,
      ),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    assert.deepEqual(committed(), []);
    // The next work starts a transaction of its own and commits.
    await commit.run(
      (trx) => insert(trx, 'after'),
      () => false,
    );
    assert.deepEqual(committed(), ['after']);
  });
});
