import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { parseAmount } from '../../accounts/money.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp } from '../../test-support/harness.js';
import { ApiCallError } from '../papercut-call.js';
import { ADMIN, ledgerRows, methodCaller, num } from './method-call.test-support.js';

const $ = parseAmount;
const PASSWORD = 'lantern-orchid-93';

for (const kind of DATABASE_KINDS) {
  describe(
    `PaperCut balance and user methods [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      const call = methodCaller(() => t.app.services);
      const balance = async (username: string) => num(await call('api.getUserAccountBalance', username));
      before(async () => {
        t = await startTestApp({ kind });
        for (const username of ['alice', 'bob', 'carol'])
          await t.createUser({ username, password: PASSWORD });
        await t.app.services.users.updateDetails('bob', { cardNumber: '4711' }, ADMIN);
        for (const username of ['alice', 'bob'])
          await t.app.services.groups.addMember(username, 'Class 7', ADMIN);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('adjusts and sets balances from doubles, rounding half-even to ten-thousandths', async () => {
        assert.equal(await call('api.adjustUserAccountBalance', 'alice', 0.1, 'Top-up'), true);
        assert.equal(await call('api.adjustUserAccountBalance', 'alice', 0.2, 'Top-up', ''), true);
        assert.equal(await balance('alice'), 0.3);
        await call('api.adjustUserAccountBalance', 'alice', 0.00005, 'half');
        assert.equal(await balance('alice'), 0.3);
        await call('api.setUserAccountBalance', 'alice', 12.34565, 'Set');
        assert.equal(await balance('alice'), 12.3456);
        // An <int> amount, as Python sends 5, is taken as 5.0.
        await call('api.setUserAccountBalance', 'alice', 5, 'Set');
        assert.equal(await balance('alice'), 5);
        assert.equal(await call('api.getUserProperty', 'alice', 'balance'), '5');
      });

      it('refuses bad amounts, long comments and other accounts with a fault, writing nothing', async () => {
        const rows = await ledgerRows(t);
        for (const bad of [NaN, Infinity, -Infinity, 1e10, -2e9, 1e300]) {
          await assert.rejects(
            call('api.adjustUserAccountBalance', 'alice', bad, 'x'),
            ApiCallError,
            String(bad),
          );
          await assert.rejects(call('api.setUserAccountBalance', 'alice', bad, 'x'), ApiCallError);
        }
        await assert.rejects(call('api.adjustUserAccountBalance', 'alice', '5', 'x'), /must be a number/);
        await assert.rejects(
          call('api.adjustUserAccountBalance', 'alice', 1, 'x'.repeat(10_000)),
          /at most 500/,
        );
        await assert.rejects(
          call('api.adjustUserAccountBalance', 'alice', 1, 'x', 'Printing'),
          /one personal account/,
        );
        await assert.rejects(
          call('api.adjustUserAccountBalance', 'nobody', 1, 'x'),
          /No user named "nobody"/,
        );
        await assert.rejects(call('api.getUserAccountBalance', 'alice', 'Other'), ApiCallError);
        assert.equal(await ledgerRows(t), rows);
      });

      it('answers False from …IfAvailable when a restricted account cannot pay, and writes nothing', async () => {
        await call('api.setUserAccountBalance', 'carol', 2, 'Start');
        await call('api.setUserProperties', 'carol', [
          ['restricted', 'TRUE'],
          ['overdraft-amount', '1.50'],
        ]);
        const rows = await ledgerRows(t);
        assert.equal(await call('api.adjustUserAccountBalanceIfAvailable', 'carol', -3.6, 'Fee'), false);
        assert.equal(
          await call('api.adjustUserAccountBalanceIfAvailableLeaveRemaining', 'carol', -1, 1.5, 'Fee'),
          false,
        );
        assert.equal(await ledgerRows(t), rows);
        assert.equal(await call('api.adjustUserAccountBalanceIfAvailable', 'carol', -3.5, 'Fee'), true);
        assert.equal(await balance('carol'), -1.5);
        assert.deepEqual(
          await call('api.getUserProperties', 'carol', ['restricted', 'overdraft-amount', 'balance']),
          ['true', '1.5', '-1.5'],
        );
        assert.equal(await call('api.getUserOverdraftMode', 'carol'), 'individual');
        await call('api.setUserOverdraftMode', 'carol', 'default');
        assert.equal(await call('api.getUserProperty', 'carol', 'overdraft-amount'), '0');
        await assert.rejects(
          call('api.setUserOverdraftMode', 'carol', 'generous'),
          /"individual" or "default"/,
        );
        await assert.rejects(call('api.setUserProperty', 'carol', 'overdraft-amount', '-1'), /zero or more/);
        await assert.rejects(call('api.setUserProperty', 'carol', 'balance', 'lots'), /takes an amount/);
      });

      it('adjusts by card number, answering False for an unknown card', async () => {
        const before = await balance('bob');
        assert.equal(await call('api.adjustUserAccountBalanceByCardNumber', 'no-such-card', 1, 'x'), false);
        assert.equal(
          await call('api.adjustUserAccountBalanceByCardNumber', '4711', 2.5, 'Card top-up'),
          true,
        );
        assert.equal(await balance('bob'), before + 2.5);
      });

      it("adjusts, tops up and sets a group's members", async () => {
        await call('api.setUserAccountBalanceByGroup', 'Class 7', 1, 'Term start');
        assert.deepEqual([await balance('alice'), await balance('bob')], [1, 1]);
        await call('api.adjustUserAccountBalanceByGroup', 'Class 7', 2, 'Bonus');
        await call('api.adjustUserAccountBalance', 'bob', 4, 'Prize');
        await call('api.adjustUserAccountBalanceByGroupUpTo', 'Class 7', 5, 5, 'Top up to 5');
        assert.deepEqual([await balance('alice'), await balance('bob')], [5, 7]);
        await assert.rejects(
          call('api.adjustUserAccountBalanceByGroup', 'No Group', 1, 'x'),
          /No group named/,
        );
      });

      it('stores account selection and answers it with PaperCut names', async () => {
        await t.app.services.sharedAccounts.add('Science', ADMIN);
        await call('api.setUserAccountSelectionAutoSelectSharedAccount', 'alice', 'Science', false);
        assert.deepEqual(
          await call('api.getUserProperties', 'alice', ['account-selection.mode', 'auto-shared-account']),
          ['AUTO_CHARGE_TO_SHARED', 'Science'],
        );
        await assert.rejects(
          call('api.setUserAccountSelectionAutoSelectSharedAccount', 'alice', 'Science', true),
          /not supported/,
        );
        await assert.rejects(
          call('api.setUserAccountSelectionAutoSelectSharedAccount', 'alice', 'Nope', false),
          /Nope/,
        );
        await call('api.setUserAccountSelectionStandardPopup', 'alice', true, true, false, false, false, '');
        assert.equal(
          await call('api.getUserProperty', 'alice', 'account-selection.mode'),
          'SHOW_ACCOUNT_SELECTION_POPUP',
        );
        await call('api.setUserAccountSelectionAdvancedPopup', 'alice', true, false);
        assert.equal(
          await call('api.getUserProperty', 'alice', 'account-selection.mode'),
          'SHOW_ADVANCED_ACCOUNT_SELECTION_POPUP',
        );
        await call('api.setUserAccountSelectionAutoChargePersonal', 'alice', false);
        assert.deepEqual(
          await call('api.getUserProperties', 'alice', ['account-selection.mode', 'auto-shared-account']),
          ['AUTO_CHARGE_TO_PERSONAL_ACCOUNT', ''],
        );
        await assert.rejects(
          call('api.setUserProperty', 'alice', 'account-selection.mode', 'X'),
          /read-only/,
        );
      });

      it('disables printing for minutes or until enabled, resets counts and reapplies initial settings', async () => {
        await call('api.disablePrintingForUser', 'bob', 30);
        assert.equal(await call('api.getUserProperty', 'bob', 'disabled-print'), 'true');
        await call('api.disablePrintingForUser', 'bob', 0);
        assert.equal(await call('api.getUserProperty', 'bob', 'disabled-print'), 'false');
        await call('api.disablePrintingForUser', 'bob', -1);
        assert.equal(await call('api.getUserProperty', 'bob', 'disabled-print'), 'true');
        await call('api.setUserProperty', 'bob', 'disabled-print', 'FALSE');
        assert.equal(await call('api.getUserProperty', 'bob', 'disabled-print'), 'false');
        await assert.rejects(call('api.disablePrintingForUser', 'bob', -5), /-1/);
        assert.equal(await call('api.resetUserCounts', 'bob', 'script'), true);
        assert.equal(await call('api.getUserProperty', 'bob', 'print-stats.job-count'), '0');
        await t.app.services.groupAccounts.update(
          'Class 7',
          { new_user_settings: 1, initial_restricted: 1, initial_overdraft: $('2') },
          ADMIN,
        );
        const before = await balance('bob');
        await call('api.reapplyInitialUserSettings', 'bob');
        assert.deepEqual(await call('api.getUserProperties', 'bob', ['restricted', 'overdraft-amount']), [
          'true',
          '2',
        ]);
        assert.equal(await balance('bob'), before);
      });

      it('adds, finds, removes internal groups and sets their quota', async () => {
        assert.equal(await call('api.isGroupExists', 'Staff'), false);
        await call('api.addNewGroup', 'Staff');
        assert.equal(await call('api.isGroupExists', 'Staff'), true);
        await assert.rejects(call('api.addNewGroup', 'Staff'), /exists already/);
        await call('api.setGroupQuota', 'Staff', 2.5, 'weekly', 10);
        const quota = (await call('api.getGroupQuota', 'Staff')) as Record<string, unknown>;
        assert.deepEqual(
          {
            amount: num(quota.QuotaAmount as never),
            period: quota.QuotaPeriod,
            max: num(quota.QuotaMaxAccumulation as never),
          },
          { amount: 2.5, period: 'WEEKLY', max: 10 },
        );
        await call('api.setGroupQuota', 'Staff', 1, 'MONTHLY', 0);
        const after = (await call('api.getGroupQuota', 'Staff')) as Record<string, unknown>;
        assert.equal(num(after.QuotaMaxAccumulation as never), 0);
        await assert.rejects(
          call('api.setGroupQuota', 'Staff', 1, 'fortnightly', 0),
          /NONE, DAILY, WEEKLY, MONTHLY/,
        );
        await assert.rejects(call('api.setGroupQuota', 'Staff', -1, 'DAILY', 0), /zero or more/);
        await assert.rejects(call('api.setGroupQuota', 'Staff', NaN, 'DAILY', 0), ApiCallError);
        await call('api.removeGroup', 'Staff');
        assert.equal(await call('api.isGroupExists', 'Staff'), false);
        await assert.rejects(call('api.removeGroup', 'Staff'), /No group named/);
      });
    },
  );
}
