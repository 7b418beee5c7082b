import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { NewUserRow, UserRow } from '../db/schema.js';
import { forEachDatabase } from '../test-support/databases.js';
import { createUsersRepository } from './users.repository.js';
import { newUserRow } from './user-details.js';

const NOW = '2026-11-25T12:00:00.000Z';

function row(username: string, extra: Partial<NewUserRow> = {}): NewUserRow {
  const fullName = extra.full_name ?? `${username[0]!.toUpperCase()}${username.slice(1)} Example`;
  const email = extra.email ?? `${username}@example.org`;
  return newUserRow(username, NOW, {
    full_name: fullName,
    full_name_key: fullName.toLowerCase(),
    email,
    email_key: email.toLowerCase(),
    ...extra,
  });
}

forEachDatabase('users repository', (getDatabase) => {
  it('inserts a user and finds it by id and by name', async () => {
    const users = createUsersRepository(getDatabase().db);
    const created = await users.insert(row('alice', { is_admin: 1 }));
    assert.equal((await users.findById(created.id))?.username, 'alice');
    assert.equal((await users.findByUsername('alice'))?.id, created.id);
    assert.equal(await users.findByUsername('nobody'), undefined);
  });

  it('refuses a second user with the same name', async () => {
    const users = createUsersRepository(getDatabase().db);
    await users.insert(row('dup'));
    await assert.rejects(users.insert(row('dup')));
  });

  it('counts enabled administrators only', async () => {
    const users = createUsersRepository(getDatabase().db);
    const before = await users.countAdmins();
    await users.insert(row('admin2', { is_admin: 1 }));
    await users.insert(row('admin3', { is_admin: 1, disabled: 1 }));
    assert.equal(await users.countAdmins(), before + 1);
  });

  it('quick-finds by username, full name, email and card number prefix', async () => {
    const users = createUsersRepository(getDatabase().db);
    await users.insert(
      row('zed.quartz', { full_name: 'Zed Quartz', full_name_key: 'zed quartz', card_number: '77001' }),
    );
    await users.insert(
      row('yolanda', {
        full_name: 'Quinn Yolanda',
        full_name_key: 'quinn yolanda',
        email: 'qy@corp.example',
        email_key: 'qy@corp.example',
      }),
    );
    const names = async (query: string) => (await users.search({ query })).rows.map((u) => u.username);
    assert.deepEqual(await names('zed'), ['zed.quartz']);
    assert.deepEqual(await names('QUINN'), ['yolanda']);
    assert.deepEqual(await names('qy@corp'), ['yolanda']);
    assert.deepEqual(await names('7700'), ['zed.quartz']);
    assert.deepEqual(await names('nothing-matches'), []);
  });

  it('pages and sorts without counting every row', async () => {
    const users = createUsersRepository(getDatabase().db);
    for (let i = 0; i < 7; i++) await users.insert(row(`page${i}`, { department: `D${7 - i}` }));
    const first = await users.search({ query: 'page', limit: 5 });
    assert.equal(first.rows.length, 5);
    assert.equal(first.hasMore, true);
    const second = await users.search({ query: 'page', limit: 5, offset: 5 });
    assert.deepEqual(
      second.rows.map((u) => u.username),
      ['page5', 'page6'],
    );
    assert.equal(second.hasMore, false);
    const byDepartment = await users.search({
      query: 'page',
      sort: 'department',
      descending: true,
      limit: 2,
    });
    assert.deepEqual(
      byDepartment.rows.map((u) => u.department),
      ['D7', 'D6'],
    );
  });

  it('filters by source: internal users only', async () => {
    const { db } = getDatabase();
    const users = createUsersRepository(db);
    const source = await db
      .insertInto('sources')
      .values({ name: 'Dir', kind: 'custom', config: '{}', created_at: NOW })
      .returningAll()
      .executeTakeFirstOrThrow();
    await users.insert(row('synced1', { source_id: source.id, external_id: 'synced1' }));
    const internal = await users.search({ query: 'synced', source: 'internal' });
    assert.equal(internal.rows.length, 0);
    const fromSource = await users.search({ query: 'synced', source: source.id });
    assert.deepEqual(
      fromSource.rows.map((u) => u.username),
      ['synced1'],
    );
    assert.equal((await users.listBySource(source.id)).length, 1);
  });

  it('quick-finds exactly the users a plain filter finds, page by page, in both directions', async () => {
    const users = createUsersRepository(getDatabase().db);
    const syllables = ['ma', 'ri', 'an', 'jo', 'el', 'mo', 'sa', 'ke'];
    const pick = (i: number, n: number) =>
      Array.from({ length: n }, (_, k) => syllables[(i * 7 + k * 3 + (i >> k)) % syllables.length]).join('');
    const made: UserRow[] = [];
    for (let i = 0; i < 160; i++) {
      const full = `${pick(i, 2)} ${pick(i + 1, 3)}`;
      const email = `${pick(i + 2, 2)}${i}@example.org`;
      made.push(
        await users.insert(
          row(`qf${pick(i + 3, 2)}${i}`, {
            full_name: full,
            full_name_key: full.toLowerCase(),
            email,
            email_key: email,
            card_number: `${i % 13}${i}`,
            card_number2: i % 5 ? '' : `ma${i}`,
          }),
        ),
      );
    }
    for (const query of ['ma', 'mar', 'qfma', 'jo', 'sa', '1', '12', 'ke', 'an1']) {
      const expected: string[] = made
        .filter((u) =>
          [u.username, u.full_name_key, u.email_key, u.card_number, u.card_number2].some((v) =>
            v.startsWith(query),
          ),
        )
        .map((u) => u.username)
        .sort();
      for (const descending of [false, true]) {
        const want: string[] = descending ? [...expected].reverse() : expected;
        const got: string[] = [];
        for (let offset = 0; offset < want.length + 10; offset += 10) {
          const page = await users.search({ query, limit: 10, offset, descending });
          got.push(...page.rows.map((u) => u.username));
          if (!page.hasMore) break;
        }
        assert.deepEqual(
          got.filter((name) => want.includes(name)),
          want,
          `query ${query} ${descending ? 'desc' : 'asc'}`,
        );
      }
    }
  });

  it('treats LIKE wildcards in a quick-find query as plain text', async () => {
    const users = createUsersRepository(getDatabase().db);
    assert.deepEqual((await users.search({ query: '%' })).rows, []);
    assert.deepEqual((await users.search({ query: "_' OR 1=1 --" })).rows, []);
  });

  it('updates and deletes', async () => {
    const users = createUsersRepository(getDatabase().db);
    const created = await users.insert(row('temp'));
    await users.update(created.id, { full_name: 'Changed', full_name_key: 'changed' });
    assert.equal((await users.findById(created.id))?.full_name, 'Changed');
    await users.delete(created.id);
    assert.equal(await users.findById(created.id), undefined);
  });
});
