import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { NotFoundError, ValidationError } from '../errors.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { assertLedgerSums } from './accounting.test-support.js';
import { parseAmount } from './money.js';

const ACTOR = { username: 'admin', ip: '127.0.0.1' };
const PASSWORD = 'lantern-orchid-93';
const $ = parseAmount;

const job = (username: string, printer: string, extra: Record<string, unknown> = {}) => ({
  username,
  printer,
  pages: 1,
  colorPages: 0,
  copies: 1,
  duplex: false,
  paperSize: 'A4',
  documentName: 'Essay.pdf',
  clientMachine: 'lab-12',
  origin: 'cli' as const,
  ...extra,
});

for (const kind of DATABASE_KINDS) {
  describe(`Print accounting [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    const clock = { at: new Date('2026-12-02T10:00:00.000Z'), now: () => clock.at };
    before(async () => {
      t = await startTestApp({ kind, ports: { clock } });
      for (const username of ['alice', 'bob', 'carol', 'dave', 'erin']) {
        await t.createUser({ username, password: PASSWORD });
      }
      await t.app.services.printers.add(
        { server: 'ps1', name: 'library', cost_gray: $('0.10'), cost_color: $('0.50') },
        ACTOR,
      );
    });
    afterEach(() => assertLedgerSums(t.app.services));
    after(() => t?.close());

    it("opens a new user's account with their groups' initial settings, PaperCut's way", async () => {
      const { groups, groupAccounts, accounts } = t.app.services;
      await groups.addMember('dave', 'Seniors', ACTOR);
      await groups.addMember('dave', 'Juniors', ACTOR);
      await groupAccounts.update(
        'Seniors',
        { new_user_settings: 1, initial_credit: $('10'), initial_restricted: 1, initial_overdraft: $('2') },
        ACTOR,
      );
      await groupAccounts.update(
        'Juniors',
        { new_user_settings: 1, initial_credit: $('5'), initial_restricted: 1 },
        ACTOR,
      );
      const user = await t.app.services.users.requireUser('dave');
      // dave's account was opened when he was created, before the groups: a new one shows the rule.
      await t.app.services.users.delete('dave', ACTOR);
      const again = await t.createUser({ username: 'dave', password: PASSWORD });
      await groups.addMember('dave', 'Seniors', ACTOR);
      await groups.addMember('dave', 'Juniors', ACTOR);
      assert.notEqual(again.id, user.id);
      const account = await accounts.personal(again);
      assert.equal(account.balance, $('15'), 'the initial credits add up');
      assert.equal(account.restricted, 1, 'restricted because every group restricts');
      assert.equal(account.overdraft, $('2'), 'the largest overdraft');
      const rows = await accounts.transactions('dave', 10);
      assert.deepEqual(
        rows.map((row) => [row.type, row.amount]),
        [['initial-credit', $('15')]],
      );
    });

    it('adjusts and sets balances with a ledger row each, and refuses what is not available', async () => {
      const { accounts } = t.app.services;
      assert.equal(await accounts.adjust('alice', $('5'), 'Top-up', ACTOR), true);
      assert.equal(await accounts.adjust('alice', $('-7'), 'Fee', ACTOR, { ifAvailable: true }), false);
      assert.equal(await accounts.adjust('alice', $('-4'), 'Fee', ACTOR, { leaveRemaining: $('2') }), false);
      assert.equal(await accounts.adjust('alice', $('-3'), 'Fee', ACTOR, { leaveRemaining: $('2') }), true);
      await accounts.setBalance('alice', $('9.99'), 'Reset', ACTOR);
      const rows = await accounts.transactions('alice', 10);
      assert.deepEqual(
        rows.map((row) => [row.amount, row.balance_after, row.comment]),
        [
          [$('7.99'), $('9.99'), 'Reset'],
          [$('-3'), $('2'), 'Fee'],
          [$('5'), $('5'), 'Top-up'],
        ],
      );
      const older = await accounts.transactions('alice', 10, rows[1]!.id);
      assert.deepEqual(
        older.map((row) => row.comment),
        ['Top-up'],
        'keyset paging',
      );
    });

    it('refuses bad amounts and comments and writes nothing', async () => {
      const { accounts } = t.app.services;
      const before = await accounts.transactions('bob', 100);
      await assert.rejects(accounts.adjust('bob', 1.5, 'x', ACTOR), /out of range/);
      await assert.rejects(
        accounts
          .adjust('bob', $('999999999'), 'x', ACTOR)
          .then(() => accounts.adjust('bob', $('999999999'), 'x', ACTOR)),
        ValidationError,
      );
      await accounts.setBalance('bob', 0, 'back', ACTOR);
      await assert.rejects(
        accounts.adjust('bob', $('1'), 'x'.repeat(10_000), ACTOR),
        /at most 500 characters/,
      );
      await assert.rejects(accounts.adjust('nobody', $('1'), 'x', ACTOR), NotFoundError);
      const afterRows = await accounts.transactions('bob', 100);
      assert.equal(afterRows.length, before.length + 2, 'only the accepted adjustment and its reset');
      assert.equal((await accounts.accountOf('bob')).account.balance, 0);
    });

    it('charges a job at the printer’s rates to the personal account, counting pages', async () => {
      const { accounts, charging, printers } = t.app.services;
      await accounts.setBalance('carol', $('1'), 'start', ACTOR);
      const result = await charging.charge(job('carol', 'library', { pages: 4, colorPages: 1, copies: 2 }));
      assert.equal(result.status, 'printed');
      assert.equal(result.cost, 2 * ($('0.30') + $('0.50')));
      assert.equal(result.status === 'printed' && result.balance, $('1') - result.cost);
      const { account } = await accounts.accountOf('carol');
      assert.equal(account.page_count, 8);
      assert.equal(account.job_count, 1);
      assert.equal((await printers.require('ps1', 'library')).page_count, 8);
      const [row] = await accounts.transactions('carol', 1);
      assert.equal(row?.type, 'print-charge');
      assert.equal(row?.job_id, result.jobId);
    });

    it('denies a restricted user without credit, records why, and leaves the balance as it was', async () => {
      const { accounts, charging } = t.app.services;
      await accounts.update('erin', { restricted: 1, overdraft: 0 }, ACTOR);
      await accounts.setBalance('erin', $('0.15'), 'start', ACTOR);
      const result = await charging.charge(job('erin', 'library', { pages: 2 }));
      assert.equal(result.status, 'denied');
      assert.match(result.status === 'denied' ? result.reason : '', /Not enough credit/);
      assert.equal((await accounts.accountOf('erin')).account.balance, $('0.15'));
      assert.equal((await accounts.transactions('erin', 10)).length, 1, 'no ledger row for the denial');
      assert.equal((await charging.charge(job('erin', 'library'))).status, 'printed');
    });

    it('refuses a job for an unknown printer or user, or with absurd pages, writing nothing', async () => {
      const { charging } = t.app.services;
      const count = async () =>
        Number(
          (
            await t.app.database.db
              .selectFrom('jobs')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      await assert.rejects(charging.charge(job('alice', 'nope')), NotFoundError);
      await assert.rejects(charging.charge(job('nobody', 'library')), NotFoundError);
      await assert.rejects(charging.charge(job('alice', 'library', { pages: 0 })), ValidationError);
      await assert.rejects(charging.charge(job('alice', 'library', { copies: 1e9 })), ValidationError);
      await assert.rejects(charging.charge(job('alice', 'library', { colorPages: 5 })), ValidationError);
      assert.equal(await count(), before);
    });

    it('never overdraws a restricted account under 20 concurrent charges', async () => {
      const { accounts, charging } = t.app.services;
      await t.createUser({ username: 'racer', password: PASSWORD });
      await accounts.update('racer', { restricted: 1, overdraft: $('0.20') }, ACTOR);
      await accounts.setBalance('racer', $('0.50'), 'start', ACTOR);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => charging.charge(job('racer', 'library'))),
      );
      const printed = results.filter((result) => result.status === 'printed').length;
      assert.equal(printed, 7, '0.50 + 0.20 overdraft buys exactly seven 0.10 pages');
      assert.equal(results.filter((result) => result.status === 'denied').length, 13);
      assert.equal((await accounts.accountOf('racer')).account.balance, $('-0.20'));
      const jobs = await t.app.database.db
        .selectFrom('jobs')
        .select(['status', 'reason'])
        .where('username', '=', 'racer')
        .execute();
      assert.equal(jobs.filter((row) => row.status === 'printed').length, 7);
      const denials = jobs.filter((row) => row.status === 'denied');
      assert.equal(denials.length, 13, 'each refused charge is a denied job');
      assert.ok(denials.every((row) => /Not enough credit/.test(row.reason)));
    });

    it('refunds a job in parts, never beyond its cost', async () => {
      const { accounts, charging } = t.app.services;
      await accounts.setBalance('bob', $('2'), 'start', ACTOR);
      const charged = await charging.charge(job('bob', 'library', { pages: 5 }));
      assert.equal(charged.status, 'printed');
      await charging.refund(charged.jobId, $('0.20'), 'Paper jam', ACTOR);
      const refunded = await charging.refund(charged.jobId, undefined, 'Rest', ACTOR);
      assert.equal(refunded.status, 'refunded');
      assert.equal(refunded.refunded, $('0.50'));
      await assert.rejects(charging.refund(charged.jobId, undefined, 'Again', ACTOR), ValidationError);
      assert.equal((await accounts.accountOf('bob')).account.balance, $('2'));
    });

    it('charges a shared account its members may use, and refuses one they may not', async () => {
      const { sharedAccounts, charging, groups, accounts } = t.app.services;
      await sharedAccounts.add('Science', ACTOR);
      await sharedAccounts.add('Science\\Physics', ACTOR);
      await groups.addMember('alice', 'Physicists', ACTOR);
      await sharedAccounts.grant('Science\\Physics', { group: 'Physicists' }, ACTOR);
      const personalBefore = (await accounts.accountOf('alice')).account;
      const result = await charging.charge(
        job('alice', 'library', { sharedAccount: 'Science\\Physics', pages: 3 }),
      );
      assert.equal(result.status, 'printed');
      const physics = await sharedAccounts.require('Science\\Physics');
      assert.equal(physics.balance, -$('0.30'));
      assert.deepEqual([physics.job_count, physics.page_count], [1, 3], 'the shared account counts the job');
      const personal = (await accounts.accountOf('alice')).account;
      assert.equal(personal.balance, personalBefore.balance, 'the personal account pays nothing');
      assert.deepEqual(
        [personal.job_count, personal.page_count],
        [personalBefore.job_count + 1, personalBefore.page_count + 3],
        'and still counts what its user printed',
      );
      await assert.rejects(
        charging.charge(job('bob', 'library', { sharedAccount: 'Science\\Physics' })),
        /may not charge/,
      );
      await accounts.setSelection('alice', 'auto-select-shared', 'Science\\Physics', ACTOR);
      const auto = await charging.charge(job('alice', 'library'));
      assert.equal(auto.account, 'Science\\Physics');
      await sharedAccounts.rename('Science', 'Natural Sciences', ACTOR);
      assert.ok(await sharedAccounts.exists('Natural Sciences\\Physics'), 'sub-accounts follow their parent');
      await assert.rejects(sharedAccounts.remove('Natural Sciences', ACTOR), /sub-accounts/);
      await assert.rejects(sharedAccounts.add('Nope\\Child', ACTOR), NotFoundError);
    });

    it('denies jobs on a disabled printer, to users outside its access groups, and for disabled printing', async () => {
      const { printers, charging, accounts, groups } = t.app.services;
      await printers.add({ server: 'ps1', name: 'staff-only' }, ACTOR);
      await groups.addMember('carol', 'Staff', ACTOR);
      await printers.addAccessGroup('ps1', 'staff-only', 'Staff', ACTOR);
      assert.equal((await charging.charge(job('carol', 'staff-only'))).status, 'printed');
      const outsider = await charging.charge(job('bob', 'staff-only'));
      assert.match(outsider.status === 'denied' ? outsider.reason : '', /not in a group allowed/);
      await printers.disable('ps1', 'library', 30, ACTOR);
      const disabled = await charging.charge(job('bob', 'library'));
      assert.match(disabled.status === 'denied' ? disabled.reason : '', /printer is disabled/);
      clock.at = new Date(clock.at.getTime() + 31 * 60_000);
      await accounts.disablePrinting('bob', 10, ACTOR);
      const user = await charging.charge(job('bob', 'library'));
      assert.match(user.status === 'denied' ? user.reason : '', /Printing is disabled/);
      clock.at = new Date(clock.at.getTime() + 11 * 60_000);
      assert.equal((await charging.charge(job('bob', 'library'))).status, 'printed');
    });

    it('allocates a weekly quota once per week, up to its cap, starting with the next week', async () => {
      const { groups, groupAccounts, accounts } = t.app.services;
      await groups.addMember('carol', 'Quota', ACTOR);
      await groups.addMember('erin', 'Quota', ACTOR);
      await accounts.setBalance('carol', $('0'), 'start', ACTOR);
      await accounts.setBalance('erin', $('9'), 'start', ACTOR);
      await groupAccounts.setQuota('Quota', { amount: $('5'), period: 'weekly', cap: $('10') }, ACTOR);
      assert.deepEqual(await groupAccounts.allocateQuotas(), [], 'the week it was set in counts as done');
      clock.at = new Date(clock.at.getTime() + 7 * 86_400_000);
      const [allocated] = await groupAccounts.allocateQuotas();
      assert.equal(allocated?.members, 2);
      assert.equal(allocated?.total, $('6'));
      assert.deepEqual(await groupAccounts.allocateQuotas(), [], 'never twice in a period');
      assert.equal((await accounts.accountOf('carol')).account.balance, $('5'));
      assert.equal((await accounts.accountOf('erin')).account.balance, $('10'), 'capped');
      clock.at = new Date(clock.at.getTime() + 21 * 86_400_000);
      assert.equal((await groupAccounts.allocateQuotas()).length, 1, 'three missed weeks catch up once');
      assert.equal((await accounts.accountOf('carol')).account.balance, $('10'));
      await assert.rejects(
        groupAccounts.setQuota('Quota', { amount: $('1'), period: 'fortnightly', cap: null }, ACTOR),
        /must be one of/,
      );
      await assert.rejects(
        groupAccounts.setQuota(
          'Quota',
          { amount: $('1'), period: 'cron', cron: 'every day', cap: null },
          ACTOR,
        ),
        /cron schedule/,
      );
    });
  });
}
