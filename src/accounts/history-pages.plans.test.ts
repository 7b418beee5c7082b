/**
 * The plans of the keyset history pages of one account, user or printer (Transaction History, a
 * shared account's transactions, the Transaction Log and the Job Log filtered, Recent Print Jobs,
 * a printer's jobs) on a skewed table: one account, user and printer hold 2.5 % of the rows, all
 * in the newer half, the case where PostgreSQL used to walk the primary key backwards past every
 * older row (docs/benchmarks.md, Accounting). Each page must be a walk of its composite index.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { createJobsRepository } from '../jobs/jobs.repository.js';
import { forEachDatabase } from '../test-support/databases.js';
import { plansOf } from '../test-support/query-plans.js';
import { createLedgerRepository } from './ledger.repository.js';

/** Enough rows for PostgreSQL's statistics to see the skew; SQLite keeps none, so few do. */
const ROWS = { sqlite: 10_000, postgres: 50_000 } as const;
const USERS = 200;
const PRINTERS = 20;
/** The heavy user, their personal account and the heavy printer: the first of each. */
const HEAVY = 1;
const HEAVY_ACTOR = 'plan-heavy';
const PAGE = 51;
const AT = sql.lit('2026-12-01T00:00:00.000Z');

/** `seq(k)` holding 1…n, for a WITH clause. */
function series(kind: Database['kind'], n: number) {
  return kind === 'postgres'
    ? sql.raw(`seq(k) AS (SELECT generate_series(1, ${n}))`)
    : sql.raw(`RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < ${n})`);
}

/**
 * Users 1…200 with personal accounts 1…200 and printers 1…20 (a fresh database numbers from 1);
 * ledger rows and jobs where row k belongs to the heavy ones when it is in the newer half and
 * k % 20 = 0, else round the others.
 */
async function seed(database: Database): Promise<void> {
  const { db, kind } = database;
  const n = ROWS[kind];
  const heavy = sql.raw(`k > ${n / 2} AND k % 20 = 0`);
  const [one, others, printers] = [sql.lit(HEAVY), sql.lit(USERS - 1), sql.lit(PRINTERS - 1)];
  await sql`WITH ${series(kind, USERS)} INSERT INTO users (username, username_skeleton, created_at, updated_at)
    SELECT 'plan-' || k, 'plan-' || k, ${AT}, ${AT} FROM seq`.execute(db);
  await sql`INSERT INTO accounts (type, user_id, created_at, updated_at)
    SELECT 'personal', id, created_at, created_at FROM users ORDER BY id`.execute(db);
  await sql`WITH ${series(kind, PRINTERS)} INSERT INTO printers (server_name, name, created_at, updated_at)
    SELECT 'plan', 'p' || k, ${AT}, ${AT} FROM seq`.execute(db);
  await sql`WITH ${series(kind, n)}
    INSERT INTO ledger (account_id, amount, balance_after, type, comment, actor, created_at)
    SELECT CASE WHEN ${heavy} THEN ${one} ELSE 2 + k % ${others} END, 0, 0, 'adjustment', '',
      CASE WHEN ${heavy} THEN ${HEAVY_ACTOR} ELSE 'system' END, ${AT} FROM seq`.execute(db);
  await sql`WITH ${series(kind, n)}
    INSERT INTO jobs (user_id, username, printer_id, printer_name, account_id, pages, copies,
      total_pages, color_pages, duplex, cost, status, origin, created_at)
    SELECT u, 'plan-' || u, p, 'p' || p, u, 1, 1, 1, 0, 0, 0, 'printed', 'ipp', ${AT}
    FROM (SELECT CASE WHEN ${heavy} THEN ${one} ELSE 2 + k % ${others} END AS u,
      CASE WHEN ${heavy} THEN ${one} ELSE 2 + k % ${printers} END AS p FROM seq) s`.execute(db);
  if (kind === 'postgres') await settle(db, ['ledger', 'jobs']);
}

/**
 * Statistics and the visibility map, as autovacuum leaves them after a bulk insert (it vacuums
 * insert-only tables too). A VACUUM right after the insert may leave pages not yet all-visible
 * (a snapshot still open elsewhere in the database); it is repeated until every page is.
 */
async function settle(db: Kysely<DB>, tables: string[]): Promise<void> {
  for (const table of tables) {
    await sql`VACUUM (ANALYZE) ${sql.table(table)}`.execute(db);
    for (let attempt = 0; ; attempt++) {
      const { rows } = await sql<{ pages: number; visible: number }>`SELECT relpages AS pages,
        relallvisible AS visible FROM pg_class WHERE relname = ${table}`.execute(db);
      if (rows[0]!.visible >= rows[0]!.pages) break;
      if (attempt === 50) throw new Error(`VACUUM left ${table} ${JSON.stringify(rows[0])}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sql`VACUUM ${sql.table(table)}`.execute(db);
    }
  }
}

/** The id that makes `before` ask for the heavy one's oldest page (its 50 oldest rows). */
async function lastPageBefore(db: Kysely<DB>, table: 'ledger' | 'jobs'): Promise<number> {
  const { rows } = await sql<{ id: number }>`SELECT id FROM ${sql.table(table)}
    WHERE account_id = ${HEAVY} ORDER BY id LIMIT 1 OFFSET ${PAGE - 2}`.execute(db);
  return Number(rows[0]!.id) + 1;
}

/** The page's ids are read from `index` alone, newest first; nothing walks a primary key backwards. */
function assertIndexWalk(kind: Database['kind'], plan: string | undefined, index: string): void {
  assert.ok(plan, 'one query was sent');
  if (kind === 'postgres') {
    assert.match(plan, new RegExp(`Index (Only )?Scan Backward using ${index} `), plan);
    assert.doesNotMatch(plan, /Scan Backward using \w+_pkey/, plan);
  } else {
    assert.match(plan, new RegExp(`USING (COVERING )?INDEX ${index} \\(`), plan);
    assert.doesNotMatch(plan, /TEMP B-TREE|^SCAN /m, plan);
  }
}

forEachDatabase('history pages of a heavy account, user or printer', (getDatabase) => {
  let lastLedger = 0;
  let lastJobs = 0;
  before(async () => {
    const { db } = getDatabase();
    await seed(getDatabase());
    lastLedger = await lastPageBefore(db, 'ledger');
    lastJobs = await lastPageBefore(db, 'jobs');
  });

  it('reads an account’s pages through (account_id, id), the last as the first', async () => {
    const database = getDatabase();
    const ledger = createLedgerRepository(database.db);
    for (const before of [undefined, lastLedger]) {
      const [plan] = await plansOf(database, (db) => createLedgerRepository(db).page(HEAVY, PAGE, before));
      assertIndexWalk(database.kind, plan, 'ledger_account_idx');
      const rows = await ledger.page(HEAVY, PAGE, before);
      let expected = database.db.selectFrom('ledger').select('id').where('account_id', '=', HEAVY);
      if (before !== undefined) expected = expected.where('id', '<', before);
      const ids = await expected.orderBy('id', 'desc').limit(PAGE).execute();
      assert.deepEqual(
        rows.map((row) => row.id),
        ids.map((row) => Number(row.id)),
      );
    }
    assert.equal((await ledger.page(HEAVY, PAGE, lastLedger)).length, PAGE - 1);
  });

  it('is skewed enough that a one-step page query walks the primary key backwards', async (t) => {
    const database = getDatabase();
    if (database.kind !== 'postgres') return t.skip('SQLite keeps no statistics');
    const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT * FROM ledger
      WHERE account_id = ${HEAVY} AND id < ${lastLedger} ORDER BY id DESC LIMIT ${PAGE}`.execute(database.db);
    assert.match(rows.map((row) => row['QUERY PLAN']).join('\n'), /Index Scan Backward using ledger_pkey/);
  });

  it('reads the Transaction Log of one account or one actor through its index', async () => {
    const database = getDatabase();
    const cases = [
      [{ accountId: HEAVY, before: lastLedger }, 'ledger_account_idx'],
      [{ actor: HEAVY_ACTOR, before: lastLedger }, 'ledger_actor_idx'],
    ] as const;
    for (const [filter, index] of cases) {
      const [plan] = await plansOf(database, (db) => createLedgerRepository(db).log(filter, PAGE));
      assertIndexWalk(database.kind, plan, index);
      const rows = await createLedgerRepository(database.db).log(filter, PAGE);
      assert.equal(rows.length, PAGE - 1);
      assert.ok(rows.every((row) => row.account_id === HEAVY && row.account_name === 'plan-1'));
    }
  });

  it('reads the jobs of one user, printer or account through its index', async () => {
    const database = getDatabase();
    const cases = [
      [{ userId: HEAVY }, 'jobs_user_idx'],
      [{ printerId: HEAVY }, 'jobs_printer_idx'],
      [{ accountId: HEAVY }, 'jobs_account_idx'],
    ] as const;
    for (const [key, index] of cases) {
      const filter = { ...key, before: lastJobs };
      const [plan] = await plansOf(database, (db) => createJobsRepository(db).page(filter, PAGE));
      assertIndexWalk(database.kind, plan, index);
      const rows = await createJobsRepository(database.db).page(filter, PAGE);
      assert.equal(rows.length, PAGE - 1);
      assert.ok(rows.every((row) => row.user_id === HEAVY && row.printer_id === HEAVY));
      assert.ok(rows.every((row, i) => i === 0 || row.id < rows[i - 1]!.id));
    }
  });

  it('reads the Dashboard’s latest denied jobs through the index of denied jobs', async () => {
    const database = getDatabase();
    const [plan] = await plansOf(database, (db) => createJobsRepository(db).page({ status: 'denied' }, 10));
    assert.match(plan!, /jobs_denied_idx/, plan);
    assert.doesNotMatch(plan!, /using jobs_pkey on jobs jobs_1|TEMP B-TREE/, plan);
  });
});
