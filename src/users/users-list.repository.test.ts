/**
 * The Users list sorted by balance on a database of many users (seeded in SQL): its order, across
 * the end of the accounts into the users who have none, and its plans — a first page is a walk of
 * accounts_balance_idx, not a sort of every user.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { forEachDatabase } from '../test-support/databases.js';
import { plansOf } from '../test-support/query-plans.js';
import { createUsersRepository, type UserSearch } from './users.repository.js';

/** Enough users for PostgreSQL to prefer a sort of them all, were there no index to walk. */
const USERS = { sqlite: 2_000, postgres: 20_000 } as const;
const AT = sql.lit('2026-12-01T00:00:00.000Z');

interface Listed {
  id: number;
  username: string;
  balance: number | null;
}

/**
 * Users bal-1…bal-n (every tenth from a directory source); all but every fiftieth have a personal
 * account, with one of a hundred balances (so many are equal), every other one restricted.
 */
async function seed(database: Database): Promise<void> {
  const { db, kind } = database;
  const n = USERS[kind];
  const seq =
    kind === 'postgres'
      ? sql.raw(`seq(k) AS (SELECT generate_series(1, ${n}))`)
      : sql.raw(`RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < ${n})`);
  await sql`INSERT INTO sources (name, kind, config, created_at) VALUES ('dir', 'ldap', '{}', ${AT})`.execute(
    db,
  );
  await sql`WITH ${seq} INSERT INTO users (username, username_skeleton, full_name, full_name_key, email,
      email_key, source_id, created_at, updated_at)
    SELECT 'bal-' || k, 'bal-' || k, 'Bal ' || k, 'bal ' || k, 'bal' || k || '@example.org',
      'bal' || k || '@example.org', CASE WHEN k % 10 = 0 THEN (SELECT min(id) FROM sources) END, ${AT}, ${AT}
    FROM seq`.execute(db);
  await sql`INSERT INTO accounts (type, user_id, balance, restricted, created_at, updated_at)
    SELECT 'personal', id, ((id * 7919) % 100) * 100 - 2000, id % 2, ${AT}, ${AT}
    FROM users WHERE id % 50 <> 7 ORDER BY id`.execute(db);
  if (kind === 'postgres') await sql`VACUUM (ANALYZE) users, accounts`.execute(db);
}

/** Every user in the list's order by balance: equal balances by id, those without an account last by username. */
async function expectedOrder(database: Database, descending: boolean): Promise<Listed[]> {
  const rows = await database.db
    .selectFrom('users')
    .leftJoin('accounts', 'accounts.user_id', 'users.id')
    .select(['users.id', 'users.username', 'accounts.balance'])
    .execute();
  const listed = rows.map((r) => ({ ...r, balance: r.balance === null ? null : Number(r.balance) }));
  const sign = descending ? -1 : 1;
  return listed.sort((a, b) => {
    if ((a.balance === null) !== (b.balance === null)) return a.balance === null ? 1 : -1;
    if (a.balance === null || b.balance === null) return sign * (a.username < b.username ? -1 : 1);
    return sign * (a.balance - b.balance || a.id - b.id);
  });
}

/** The page walks accounts_balance_idx and reads each user by id: nothing sorts every user. */
function assertBalanceWalk(kind: Database['kind'], plan: string | undefined): void {
  assert.ok(plan, 'a query was sent');
  if (kind === 'postgres') {
    assert.match(plan, /Index Scan (Backward )?using accounts_balance_idx on accounts/, plan);
    assert.match(plan, /Index Scan using users_pkey on users/, plan);
    assert.doesNotMatch(plan, /Sort|Seq Scan|Hash/, plan);
  } else {
    assert.match(plan, /^SEARCH accounts USING INDEX accounts_balance_idx \(type=\?/m, plan);
    assert.match(plan, /^SEARCH users USING INTEGER PRIMARY KEY/m, plan);
    assert.doesNotMatch(plan, /TEMP B-TREE|^SCAN /m, plan);
  }
}

forEachDatabase('Users list sorted by balance', (getDatabase) => {
  before(() => seed(getDatabase()));

  it('walks the balance index for a first page, either way and with each filter', async () => {
    const database = getDatabase();
    const searches: UserSearch[] = [
      {},
      { descending: true },
      { restricted: true },
      { balanceBelow: 0, descending: true },
      { source: 'internal' },
    ];
    for (const search of searches) {
      const plans = await plansOf(database, (db) =>
        createUsersRepository(db).search({ ...search, sort: 'balance', limit: 50 }),
      );
      assert.equal(plans.length, 2, 'the bounded count, then one page full of users with an account');
      assertBalanceWalk(database.kind, plans[1]);
    }
  });

  it('finds quick-find matches by their own indexes before sorting them by balance', async () => {
    const database = getDatabase();
    const [, plan] = await plansOf(database, (db) =>
      createUsersRepository(db).search({ query: 'bal-1234', sort: 'balance' }),
    );
    assert.doesNotMatch(plan!, /accounts_balance_idx/, plan);
    const found = await createUsersRepository(database.db).search({ query: 'bal-1234', sort: 'balance' });
    const balances = found.rows.map((row) => row.account_balance!);
    assert.deepEqual(
      balances,
      [...balances].sort((a, b) => a - b),
    );
    assert.ok(found.rows.length > 0 && found.rows.every((row) => row.username.startsWith('bal-1234')));
  });

  it('lists equal balances by user, then users without an account by name, across pages', async () => {
    const database = getDatabase();
    const users = createUsersRepository(database.db);
    for (const descending of [false, true]) {
      const expected = await expectedOrder(database, descending);
      const accounts = expected.findIndex((user) => user.balance === null);
      // The first page, one across the end of the accounts, and one past them all.
      for (const offset of [0, accounts - 20, accounts + 30]) {
        const page = await users.search({ sort: 'balance', descending, offset, limit: 50 });
        const want = expected.slice(offset, offset + 50);
        assert.deepEqual(
          page.rows.map((row) => [row.username, row.account_balance]),
          want.map((user) => [user.username, user.balance]),
          `offset ${offset}${descending ? ', descending' : ''}`,
        );
        assert.equal(page.hasMore, offset + 50 < expected.length);
      }
    }
  });

  it('keeps the filters: restricted, balance below and source', async () => {
    const database = getDatabase();
    const users = createUsersRepository(database.db);
    const restricted = await users.search({
      sort: 'balance',
      restricted: true,
      balanceBelow: -1500,
      limit: 500,
    });
    assert.ok(restricted.rows.length > 0);
    for (const row of restricted.rows) {
      assert.equal(row.account_restricted, 1);
      assert.ok(row.account_balance! < -1500);
    }
    const source = await database.db.selectFrom('sources').select('id').executeTakeFirstOrThrow();
    const fromDirectory = await users.search({ sort: 'balance', source: source.id, limit: 500 });
    assert.ok(fromDirectory.rows.length > 0);
    assert.ok(fromDirectory.rows.every((row) => row.source_id === source.id));
  });
});
