import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';
import { openDatabase, type Database } from './database.js';

describe('PostgreSQL connections', { skip: postgresSkip() }, () => {
  let fresh: { url: string; dispose(): Promise<void> };
  let database: Database;

  before(async () => {
    fresh = await freshDatabaseUrl('postgres');
    database = await openDatabase(fresh.url);
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
  });
});
