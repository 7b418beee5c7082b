import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../accounts/accounting.test-support.js';
import { parseAmount } from '../accounts/money.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import type { BatchInput } from './batch-import.plan.js';

const actor = { username: 'admin', ip: '127.0.0.1' };
const $ = parseAmount;

const file =
  (...lines: string[]): BatchInput =>
  () =>
    Readable.from([Buffer.from(lines.join('\n') + '\n')]);

for (const kind of DATABASE_KINDS) {
  describe(
    `user batch import: balance and restricted [${kind}]`,
    {
      skip: kind === 'postgres' ? postgresSkip() : false,
    },
    () => {
      let t: TestApp;
      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'alice', password: 'lantern-orchid-93' });
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      const account = async (username: string) =>
        t.app.services.accounts.personal(await t.app.services.users.requireUser(username));

      it('sets the balance and restriction a user-update line gives, as one ledger row', async () => {
        await t.app.services.accounts.adjust('alice', $('3'), 'earlier', actor);
        const report = await t.app.services.batchImport.apply(
          file('alice\t10.00\tY', 'nobody\t5.00\tN'),
          'user-update',
          {},
          actor,
        );
        assert.equal(report.applied, true);
        assert.equal(report.skipped, 1);
        const row = await account('alice');
        assert.equal(row.balance, $('10'));
        assert.equal(row.restricted, 1);
        const [latest] = await t.app.services.accounts.transactions('alice', 1);
        assert.equal(latest?.amount, $('7'));
        assert.equal(latest?.comment, 'Batch import');
      });

      it('gives new internal users the balance and restriction of their line', async () => {
        const report = await t.app.services.batchImport.apply(
          file('guest7\tTulip-Lantern-9\t2.5\tN', 'guest8\tTulip-Lantern-8\t\tY'),
          'internal-users',
          {},
          actor,
        );
        assert.equal(report.created, 2);
        assert.equal((await account('guest7')).balance, $('2.5'));
        assert.equal((await account('guest7')).restricted, 0);
        assert.equal((await account('guest8')).restricted, 1);
      });

      it('writes nothing when one line has an absurd balance', async () => {
        const before = (await account('alice')).balance;
        const report = await t.app.services.batchImport.apply(
          file('alice\t20.00', `carol\t${'9'.repeat(40)}`),
          'user-update',
          { createNewUsers: true },
          actor,
        );
        assert.equal(report.applied, false);
        assert.equal(report.rejectedCount, 1);
        assert.equal((await account('alice')).balance, before);
        assert.equal(await t.app.services.users.findByUsername('carol'), undefined);
      });
    },
  );
}
