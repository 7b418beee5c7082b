/**
 * Quick find anywhere on both databases: matches inside any field, accents and case folded,
 * prefix matches first, the bounded count, the index kept by every writer, and the plans.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { UserUpdate } from '../db/schema.js';
import { forEachDatabase } from '../test-support/databases.js';
import { plansOf } from '../test-support/query-plans.js';
import { newUserRow } from './user-details.js';
import { matchAnywhere, type Executor } from './users-search.match.js';
import { COUNT_BOUND, createWalkEnds, SAMPLE_BOUND } from './users-search.repository.js';
import { createUsersRepository, type UserSearch } from './users.repository.js';

const NOW = '2026-12-08T10:00:00.000Z';
/** Enough users for PostgreSQL to prefer its trigram index to reading the table. */
const MANY = { sqlite: 21_000, postgres: 21_000 } as const;
/** Users who all match "late comer", after every "many…" in username order: more than SAMPLE_BOUND. */
const LATE = SAMPLE_BOUND + 100;

function details(fullName: string, email: string, extra: UserUpdate = {}): UserUpdate {
  return {
    full_name: fullName,
    full_name_key: fullName.toLowerCase(),
    email,
    email_key: email.toLowerCase(),
    ...extra,
  };
}

const PEOPLE: [string, UserUpdate][] = [
  ['ajones', details('Anna Smith-Jones', 'anna.jones@north.example', { department: 'Accounting' })],
  ['bob.b', details('Bob Blacksmith', 'bob@south.example', { card_number: '90817263' })],
  ['smithers', details('Wayne Smithers', 'ws@plant.example', { department: 'Operations' })],
  ['jgarcia', details('José García', 'jose.garcia@north.example', { department: 'Ventas' })],
  ['zsmith', details('Zed Smith', 'zed@south.example')],
];

async function seed(database: Database): Promise<void> {
  const users = createUsersRepository(database.db);
  for (const [username, fields] of PEOPLE) await users.insert(newUserRow(username, NOW, fields));
  const n = MANY[database.kind];
  const seq =
    database.kind === 'postgres'
      ? sql.raw(`seq(k) AS (SELECT generate_series(1, ${n}))`)
      : sql.raw(`RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < ${n})`);
  await sql`WITH ${seq} INSERT INTO users (username, username_skeleton, full_name, full_name_key, email,
      email_key, created_at, updated_at)
    SELECT 'many' || k, 'many' || k, 'Many Person ' || k, 'many person ' || k, 'm' || k || '@many.example',
      'm' || k || '@many.example', ${NOW}, ${NOW}
    FROM seq`.execute(database.db);
  await sql`WITH ${seq} INSERT INTO users (username, username_skeleton, full_name, full_name_key, email,
      email_key, created_at, updated_at)
    SELECT 'zlate' || k, 'zlate' || k, 'Late Comer ' || k, 'late comer ' || k, 'l' || k || '@late.example',
      'l' || k || '@late.example', ${NOW}, ${NOW}
    FROM seq WHERE k <= ${LATE}`.execute(database.db);
  if (database.kind === 'postgres') await sql`VACUUM (ANALYZE) users`.execute(database.db);
}

it('reads where a walk ends again after ten seconds, and keeps a bounded few', async () => {
  let clock = 0;
  const walkEnds = createWalkEnds(() => clock);
  let reads = 0;
  const read = async () => `end${++reads}`;
  assert.equal(await walkEnds.get('a', read), 'end1');
  clock = 9_999;
  assert.equal(await walkEnds.get('a', read), 'end1');
  assert.equal(await walkEnds.get('b', read), 'end2');
  clock = 10_000;
  assert.equal(await walkEnds.get('a', read), 'end3');
  for (let k = 0; k < 64; k++) await walkEnds.get(`k${k}`, read);
  assert.equal(reads, 67);
  assert.equal(await walkEnds.get('a', read), 'end68', 'dropped when the map was full');
});

forEachDatabase('Users quick find anywhere', (getDatabase) => {
  before(() => seed(getDatabase()));
  const find = async (query: string, search: UserSearch = {}) =>
    (await createUsersRepository(getDatabase().db).search({ query, ...search })).rows.map(
      (row) => row.username,
    );

  it('finds a surname inside a full name, whatever its case', async () => {
    for (const query of ['smith', 'SMITH', 'Smith-Jones'])
      assert.ok((await find(query)).includes('ajones'), query);
    assert.ok((await find('mith')).includes('bob.b'));
  });

  it('finds the domain part of an email, and a card number and department from inside', async () => {
    assert.deepEqual((await find('north.example')).sort(), ['ajones', 'jgarcia']);
    assert.deepEqual(await find('817263'), ['bob.b']);
    assert.deepEqual(await find('counting'), ['ajones']);
  });

  it('folds accents both ways', async () => {
    assert.deepEqual(await find('jose garcia'), ['jgarcia']);
    assert.deepEqual(await find('GARCÍA'), ['jgarcia']);
    assert.deepEqual(await find('Josè'), ['jgarcia']);
  });

  it('lists users where the query starts a word or field first, each part in username order', async () => {
    assert.deepEqual(await find('smith'), ['ajones', 'smithers', 'zsmith', 'bob.b']);
    assert.deepEqual(await find('smith', { sort: 'full_name' }), ['ajones', 'smithers', 'zsmith', 'bob.b']);
    assert.deepEqual(await find('smith', { descending: true }), ['zsmith', 'smithers', 'ajones', 'bob.b']);
  });

  it('takes a query of two characters as a prefix', async () => {
    const found = await find('sm');
    assert.deepEqual(found, ['smithers']);
  });

  it('counts a short prefix per column up to the bound, each user once', async () => {
    const users = createUsersRepository(getDatabase().db);
    // Anna Smith-Jones's full name and email both start with "an".
    assert.deepEqual((await users.search({ query: 'an' })).total, { count: 1, exact: true });
    assert.deepEqual((await users.search({ query: 'ma' })).total, { count: COUNT_BOUND, exact: false });
    assert.deepEqual((await users.search({ query: 'm' })).total, { count: COUNT_BOUND, exact: false });
    assert.deepEqual((await users.search({ query: '9' })).total, { count: 1, exact: true });
  });

  it('counts exactly up to the bound, then says more', async () => {
    const users = createUsersRepository(getDatabase().db);
    const all = await users.search({ query: 'many person' });
    assert.deepEqual(all.total, { count: COUNT_BOUND, exact: false });
    const many = Array.from({ length: MANY[getDatabase().kind] }, (_, k) => `many${k + 1}`).sort();
    assert.deepEqual(
      all.rows.map((row) => row.username),
      many.slice(0, 50),
    );
    assert.ok(all.hasMore);
    const third = await users.search({ query: 'many person', offset: 100, descending: true });
    assert.deepEqual(
      third.rows.map((row) => row.username),
      many.reverse().slice(100, 150),
    );
    const few = await users.search({ query: 'many person 21' });
    // 21, 210–219, 2100–2199 and 21000.
    assert.deepEqual(few.total, { count: 112, exact: true });
    assert.deepEqual((await users.search({ query: 'smith' })).total, { count: 4, exact: true });
    assert.deepEqual((await users.search({ query: 'nobody-here' })).total, { count: 0, exact: true });
  });

  it('finds a user by their new details after a change, and no longer after deletion', async () => {
    const users = createUsersRepository(getDatabase().db);
    const user = await users.insert(newUserRow('kpetrov', NOW, details('Kira Petrova', 'kira@east.example')));
    await users.update(user.id, {
      full_name: 'Kira Ivanova',
      full_name_key: 'kira ivanova',
      department: 'Research',
    });
    assert.deepEqual(await find('petrov'), ['kpetrov'], 'the username still has it');
    assert.deepEqual(await find('ivanov'), ['kpetrov']);
    assert.deepEqual(await find('search'), ['kpetrov']);
    await users.update(user.id, { username: 'kivanova' });
    assert.deepEqual(await find('petrov'), []);
    await users.delete(user.id);
    assert.deepEqual(await find('ivanov'), []);
  });

  it('runs a search as its database plans it best, and leaves the connection as it was', async () => {
    const database = getDatabase();
    const anywhere = matchAnywhere(database.kind === 'postgres', 'smith')!;
    await database.db.connection().execute(async (connection) => {
      if (database.kind === 'sqlite') {
        assert.equal(await anywhere.planned(connection, async (executor) => executor), connection);
        return;
      }
      const seqScan = async (executor: Executor) =>
        (await sql<{ enable_seqscan: string }>`show enable_seqscan`.execute(executor)).rows[0]!
          .enable_seqscan;
      assert.equal(await anywhere.planned(connection, seqScan), 'off');
      assert.equal(await seqScan(connection), 'on');
      // A failed statement ends the search's transaction, not the connection's use.
      await assert.rejects(
        anywhere.planned(connection, (executor) => sql`select 1 / 0`.execute(executor)),
        /division by zero/,
      );
      assert.equal(await seqScan(connection), 'on');
    });
  });

  it('reads the trigram index, not every user, then the page by id', async () => {
    const database = getDatabase();
    const postgres = database.kind === 'postgres';
    for (const search of [{}, { sort: 'email' }, { descending: true }] satisfies UserSearch[]) {
      const plans = await plansOf(database, (db) =>
        createUsersRepository(db).search({ query: 'smith', ...search }),
      );
      // In username order the last query reads the page's users by id.
      const byId = search.sort === undefined ? plans.pop() : undefined;
      if (byId !== undefined) assert.match(byId, postgres ? /users_pkey/ : /USING INTEGER PRIMARY KEY/, byId);
      // In username order one statement counts, splits and sorts the few matches.
      assert.ok(plans.length >= 1, 'counts and pages');
      for (const plan of plans) {
        if (postgres) {
          assert.match(plan, /Bitmap Index Scan on users_search_rows_text_idx/, plan);
          assert.doesNotMatch(plan, /Seq Scan on users/, plan);
        } else {
          assert.match(plan, /SCAN users_search VIRTUAL TABLE INDEX/, plan);
          assert.doesNotMatch(plan, /^\s*SCAN users\b(?! USING)/m, plan);
        }
      }
    }
  });

  it('walks usernames in order for a page of a query that matches more than the bound', async () => {
    const database = getDatabase();
    const plans = await plansOf(database, (db) => createUsersRepository(db).search({ query: 'many person' }));
    // Sample the matches (over the bound), find where a walk would end (the sample has users
    // before it), walk the users it starts a word of, read the page by id.
    assert.equal(plans.length, 4, plans.join('\n--\n'));
    const [, reach, walk] = plans as [string, string, string];
    assert.match(
      reach,
      database.kind === 'postgres'
        ? /Index (Only )?Scan using users_search_rows_username_idx/
        : /SCAN users USING (COVERING )?INDEX sqlite_autoindex_users_1/,
      reach,
    );
    assert.doesNotMatch(reach, /Sort|TEMP B-TREE/, reach);
    if (database.kind === 'postgres') {
      // The username index, up to the sampled bound: a sort, if any, is of that range only.
      assert.match(walk, /Index (Only )?Scan (using|on) users_search_rows_username_idx/, walk);
      assert.match(walk, /Index Cond: \(username <= /, walk);
    } else {
      // Both halves (the chunk's matches; its last user) walk the username index in order,
      // unsorted; what is sorted is the matches, after the test, and the one last user.
      const [matches, last] = walk.split(/^(?:LEFT|RIGHT)$/m).slice(1) as [string, string];
      for (const half of [matches, last]) {
        assert.match(
          half,
          /CO-ROUTINE users\n(SCAN|SEARCH) users USING (COVERING )?INDEX sqlite_autoindex_users_1[^\n]*\nSCAN users\n/,
          walk,
        );
      }
      assert.match(matches, /SCAN users\nLIST SUBQUERY[\s\S]*USE TEMP B-TREE FOR ORDER BY/, walk);
    }
  });

  it("keeps where a walk ends for the repository's next searches", async () => {
    const database = getDatabase();
    const pages: string[][] = [];
    const plans = await plansOf(database, async (db) => {
      const users = createUsersRepository(db);
      for (const query of ['many person', 'many person', 'person 1'])
        pages.push((await users.search({ query })).rows.map((row) => row.username));
    });
    // The first search as above; the next two sample, walk and read the page, the walk's end known.
    assert.equal(plans.length, 4 + 3 + 3, plans.join('\n--\n'));
    assert.deepEqual(pages[1], pages[0]);
    const fresh = await createUsersRepository(database.db).search({ query: 'person 1' });
    assert.deepEqual(
      pages[2],
      fresh.rows.map((row) => row.username),
    );
  });

  it('finds the first matches of a query far along in username order, in either direction', async () => {
    const users = createUsersRepository(getDatabase().db);
    const n = MANY[getDatabase().kind];
    for (const [digit, descending] of [
      ['9', false],
      ['2', true],
    ] as const) {
      // "many9…" come last in username order, "many2…" last going down: a walk of many chunks.
      const names = Array.from({ length: n }, (_, k) => `many${k + 1}`).filter((name) =>
        name.startsWith(`many${digit}`),
      );
      names.sort();
      if (descending) names.reverse();
      for (const offset of [0, 50]) {
        const page = await users.search({ query: `person ${digit}`, descending, offset });
        assert.deepEqual(
          page.rows.map((row) => row.username),
          names.slice(offset, offset + 50),
          `person ${digit} from ${offset}`,
        );
        assert.deepEqual(
          page.total,
          names.length > COUNT_BOUND
            ? { count: COUNT_BOUND, exact: false }
            : { count: names.length, exact: true },
        );
      }
    }
  });

  it('sorts the matches a walk does not reach, past the sampled bound, in either direction', async () => {
    const users = createUsersRepository(getDatabase().db);
    // Every "zlate…" comes after 21,000 "many…": further than any walk goes.
    const names = Array.from({ length: LATE }, (_, k) => `zlate${k + 1}`).sort();
    for (const descending of [false, true]) {
      const ordered = descending ? [...names].reverse() : names;
      for (const offset of [0, 50]) {
        const page = await users.search({ query: 'late comer', descending, offset });
        assert.deepEqual(
          page.rows.map((row) => row.username),
          ordered.slice(offset, offset + 50),
          `from ${offset}${descending ? ', descending' : ''}`,
        );
        assert.deepEqual(page.total, { count: COUNT_BOUND, exact: false });
      }
    }
    // No walk: the first sampled match lies past where a walk would end. The sort reads the
    // part's matches from the trigram index, each user's username by id.
    const database = getDatabase();
    const plans = await plansOf(database, (db) => createUsersRepository(db).search({ query: 'late comer' }));
    assert.equal(plans.length, 4, `sample, walk's end, sort, page: ${plans.join('\n--\n')}`);
    const sort = plans.at(-2)!;
    if (database.kind === 'postgres') {
      assert.match(sort, /Bitmap Index Scan on users_search_rows_text_idx/, sort);
      assert.doesNotMatch(sort, /Seq Scan|username_idx|users_username_key/, sort);
    } else assert.match(sort, /SEARCH users USING COVERING INDEX users_search_order_idx/, sort);
  });
});
