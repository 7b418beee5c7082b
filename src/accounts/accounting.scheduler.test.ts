import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { nginxSkip, startCluster, type Cluster } from '../test-support/cluster.js';
import { DATABASE_KINDS, freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../test-support/harness.js';
import { assertLedgerSums } from './accounting.test-support.js';
import { startAccountingScheduler } from './accounting.scheduler.js';
import { parseAmount } from './money.js';
import { newUserRow } from '../users/user-details.js';

const ACTOR = { username: 'admin', ip: '127.0.0.1' };
const PASSWORD = 'lantern-orchid-93';
const quiet = { info: () => {}, warn: () => {} };

for (const kind of DATABASE_KINDS) {
  describe(`Accounting scheduler [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    const clock = { at: new Date('2026-12-02T10:00:00.000Z'), now: () => clock.at };
    before(async () => {
      t = await startTestApp({ kind, ports: { clock } });
    });
    afterEach(() => assertLedgerSums(t.app.services));
    after(() => t?.close());

    it("opens the accounts of users a sync created, with their groups' initial credit", async () => {
      const { groups, groupAccounts, accounts } = t.app.services;
      await t.createUser({ username: 'synced', password: PASSWORD });
      await groups.addMember('synced', 'Newcomers', ACTOR);
      await groupAccounts.update(
        'Newcomers',
        { new_user_settings: 1, initial_credit: parseAmount('3') },
        ACTOR,
      );
      // As a sync leaves a new user: no personal account yet.
      const user = await t.app.services.users.requireUser('synced');
      await t.app.database.db.deleteFrom('accounts').where('user_id', '=', user.id).execute();
      const scheduler = startAccountingScheduler({ accounts, groupAccounts, log: quiet, tickMs: 3_600_000 });
      await scheduler.tickNow();
      await scheduler.stop();
      assert.equal((await accounts.accountOf('synced')).account.balance, parseAmount('3'));
    });

    it('opens many accounts 500 at a time, each with its own groups, and stops between batches', async () => {
      const { groups, groupAccounts, accounts } = t.app.services;
      const { db } = t.app.database;
      // Three groups that set new users' accounts; the seed user creates them.
      await t.createUser({ username: 'seed', password: PASSWORD });
      const settings = {
        Credit: { new_user_settings: 1, initial_credit: parseAmount('3') },
        Strict: { new_user_settings: 1, initial_restricted: 1, initial_overdraft: parseAmount('2') },
        Stricter: { new_user_settings: 1, initial_restricted: 1, initial_overdraft: parseAmount('5') },
      } as const;
      const groupIds = new Map<string, number>();
      for (const [name, values] of Object.entries(settings)) {
        await groups.addMember('seed', name, ACTOR);
        await groupAccounts.update(name, values, ACTOR);
        const group = await db
          .selectFrom('groups')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirstOrThrow();
        groupIds.set(name, group.id);
      }
      // 1,200 users as a sync leaves them (no account), written directly, 300 rows a statement.
      const at = clock.at.toISOString();
      const names = Array.from({ length: 1_200 }, (_, i) => `bulk${String(i).padStart(4, '0')}`);
      for (let k = 0; k < names.length; k += 300) {
        await db
          .insertInto('users')
          .values(names.slice(k, k + 300).map((name) => newUserRow(name, at)))
          .execute();
      }
      const groupsOf = (i: number) =>
        [i % 3 === 0 && 'Credit', i % 4 === 0 && 'Strict', i % 8 === 0 && 'Stricter'].filter(
          (name): name is keyof typeof settings => name !== false,
        );
      const ids = await db
        .selectFrom('users')
        .select(['id', 'username'])
        .where('username', 'like', 'bulk%')
        .execute();
      const idOf = new Map(ids.map((row) => [row.username, row.id]));
      const members = names.flatMap((name, i) =>
        groupsOf(i).map((group) => ({ group_id: groupIds.get(group)!, user_id: idOf.get(name)! })),
      );
      await db.insertInto('group_members').values(members).execute();
      const withoutAccount = async () =>
        Number(
          (
            await db
              .selectFrom('users')
              .leftJoin('accounts', 'accounts.user_id', 'users.id')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('accounts.id', 'is', null)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const waiting = await withoutAccount();
      assert.ok(waiting >= names.length, `${waiting} users without an account`);

      // A server shutting down: stop() ends the opening after the batch it is in.
      const scheduler = startAccountingScheduler({ accounts, groupAccounts, log: quiet, tickMs: 3_600_000 });
      await scheduler.stop();
      assert.equal(await withoutAccount(), waiting - 500, 'one batch, then the stop');
      assert.equal(await accounts.openMissing(), waiting - 500, 'the next run opens the rest');
      assert.equal(await withoutAccount(), 0);

      for (const [i, name] of names.entries()) {
        const { account } = await accounts.accountOf(name);
        const own = groupsOf(i).map((group) => settings[group]);
        const restricted = own.length > 0 && own.every((group) => 'initial_restricted' in group);
        const expected = {
          balance: own.reduce(
            (sum, group) => sum + ('initial_credit' in group ? group.initial_credit : 0),
            0,
          ),
          restricted: restricted ? 1 : 0,
          overdraft: restricted
            ? Math.max(...own.map((group) => ('initial_overdraft' in group ? group.initial_overdraft : 0)))
            : 0,
        };
        const actual = {
          balance: account.balance,
          restricted: account.restricted,
          overdraft: account.overdraft,
        };
        assert.deepEqual(actual, expected, name);
      }
    });
  });
}

// Several servers share a PostgreSQL database; SQLite is one server's file.
describe('Accounting on two servers [postgres]', { skip: postgresSkip() }, () => {
  let t: TestApp;
  let other: App | undefined;
  const clock = { at: new Date('2026-12-02T10:00:00.000Z'), now: () => clock.at };
  before(async () => {
    t = await startTestApp({ kind: 'postgres', ports: { clock } });
  });
  afterEach(() => assertLedgerSums(t.app.services));
  after(async () => {
    await other?.close();
    await t?.close();
  });

  it('allocates a quota period once when two servers tick at the same moment', async () => {
    const { groups, groupAccounts, accounts } = t.app.services;
    // A second server on the same database, with its own connections.
    other = await createApp(
      loadConfig({
        QUIRE_DATABASE_URL: t.app.config.databaseUrl,
        QUIRE_PUBLIC_URL: TEST_ORIGIN,
        QUIRE_LOG_LEVEL: 'silent',
      }),
      { clock },
    );
    for (const username of ['q1', 'q2', 'q3']) {
      await t.createUser({ username, password: PASSWORD });
      await groups.addMember(username, 'Daily', ACTOR);
    }
    await groupAccounts.setQuota('Daily', { amount: parseAmount('1'), period: 'daily', cap: null }, ACTOR);
    clock.at = new Date(clock.at.getTime() + 86_400_000);
    const [a, b] = await Promise.all([
      t.app.services.groupAccounts.allocateQuotas(),
      other!.services.groupAccounts.allocateQuotas(),
    ]);
    assert.equal(a.length + b.length, 1, 'one server allocated the period, the other found it done');
    for (const username of ['q1', 'q2', 'q3']) {
      assert.equal((await accounts.accountOf(username)).account.balance, parseAmount('1'), username);
    }
  });
});

// The same, with two real `quire serve` processes (each with its own scheduler) on one database.
describe(
  'Accounting on two quire serve processes [postgres]',
  { skip: postgresSkip() || nginxSkip() },
  () => {
    const MEMBERS = ['member1', 'member2', 'member3'];
    let database: { url: string; dispose(): Promise<void> } | undefined;
    let cluster: Cluster | undefined;
    let check: App | undefined;
    before(async () => {
      database = await freshDatabaseUrl('postgres');
    });
    after(async () => {
      await cluster?.stop();
      await check?.close();
      await database?.dispose();
    });

    it('allocates the quota period due at start-up exactly once', { timeout: 60_000 }, async () => {
      const env = {
        QUIRE_DATABASE_URL: database!.url,
        QUIRE_PUBLIC_URL: TEST_ORIGIN,
        QUIRE_LOG_LEVEL: 'silent',
      };
      // The quota was set yesterday, which counts yesterday's period as done: today's is due, and
      // each server's scheduler ticks as soon as it starts.
      const yesterday = { now: () => new Date(Date.now() - 86_400_000) };
      const setup = await createApp(loadConfig(env), { clock: yesterday });
      try {
        for (const username of MEMBERS) {
          await setup.services.users.createInternal(
            { username, password: PASSWORD, fullName: username },
            ACTOR,
          );
          await setup.services.groups.addMember(username, 'Daily', ACTOR);
        }
        await setup.services.groupAccounts.setQuota(
          'Daily',
          { amount: parseAmount('1.5'), period: 'daily', cap: null },
          ACTOR,
        );
      } finally {
        await setup.close();
      }

      cluster = await startCluster({ servers: 2, databaseUrl: database!.url });
      check = await createApp(loadConfig(env));
      const { db } = check.database;
      const allocations = () => db.selectFrom('quota_allocations').selectAll().orderBy('period').execute();
      for (let i = 0; (await allocations()).length < 2; i++) {
        assert.ok(i < 150, `no allocation within 15 s:\n${cluster.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // A graceful stop waits for each server's tick in progress: both have had their say.
      await cluster.stop();
      cluster = undefined;

      const rows = await allocations();
      assert.equal(rows.length, 2, "yesterday's period (set with the quota) and today's, once");
      const today = rows[1]!;
      assert.equal(today.members, MEMBERS.length);
      assert.equal(Number(today.total), parseAmount('4.5'));
      for (const username of MEMBERS) {
        const { account } = await check.services.accounts.accountOf(username);
        const quotaRows = await db
          .selectFrom('ledger')
          .select(['amount', 'comment'])
          .where('account_id', '=', account.id)
          .where('type', '=', 'quota')
          .execute();
        assert.deepEqual(
          quotaRows.map((row) => ({ amount: Number(row.amount), comment: row.comment })),
          [{ amount: parseAmount('1.5'), comment: `Quota for ${today.period}` }],
          username,
        );
        assert.equal(account.balance, parseAmount('1.5'), username);
      }
      await assertLedgerSums(check.services);
    });
  },
);
