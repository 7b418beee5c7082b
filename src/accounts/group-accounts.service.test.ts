import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { assertLedgerSums } from './accounting.test-support.js';
import { parseAmount } from './money.js';

const ACTOR = { username: 'admin', ip: '127.0.0.1' };
const $ = parseAmount;

for (const kind of DATABASE_KINDS) {
  describe(
    `Group quotas and settings [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      const clock = { at: new Date('2026-12-02T10:00:00.000Z'), now: () => clock.at };
      before(async () => {
        t = await startTestApp({ kind, ports: { clock } });
        await t.createUser({ username: 'gina', password: 'lantern-orchid-93' });
        await t.app.services.groups.addMember('gina', 'Quota Keepers', ACTOR);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('saving only the new-user settings leaves the current quota period to be allocated', async () => {
        const { groupAccounts, accounts } = t.app.services;
        await groupAccounts.setQuota('Quota Keepers', { amount: $('3'), period: 'weekly', cap: null }, ACTOR);
        const start = (await accounts.accountOf('gina')).account.balance;
        // A week later the scheduler has not run yet when an administrator saves the initial settings.
        clock.at = new Date(clock.at.getTime() + 7 * 86_400_000);
        await groupAccounts.update('Quota Keepers', { new_user_settings: 1, initial_credit: $('1') }, ACTOR);
        const [allocated] = await groupAccounts.allocateQuotas();
        assert.equal(allocated?.members, 1, 'the week is still allocated');
        assert.equal((await accounts.accountOf('gina')).account.balance, start + $('3'));
        // Setting the same quota again is no new quota either; a changed one counts its period as done.
        clock.at = new Date(clock.at.getTime() + 7 * 86_400_000);
        await groupAccounts.setQuota('Quota Keepers', { amount: $('3'), period: 'weekly', cap: null }, ACTOR);
        assert.equal((await groupAccounts.allocateQuotas()).length, 1);
        clock.at = new Date(clock.at.getTime() + 7 * 86_400_000);
        await groupAccounts.setQuota('Quota Keepers', { amount: $('4'), period: 'weekly', cap: null }, ACTOR);
        assert.deepEqual(await groupAccounts.allocateQuotas(), []);
      });

      it('reads the settings of many groups at once, defaults for a group without any', async () => {
        const { groups, groupAccounts } = t.app.services;
        await groups.create('Plain Group', ACTOR);
        const keepers = await groups.requireWithCount('Quota Keepers');
        const plain = await groups.requireWithCount('Plain Group');
        const found = await groupAccounts.settingsOfGroups([keepers.id, plain.id]);
        assert.equal(found.get(keepers.id)?.quota_amount, $('4'));
        assert.equal(found.get(plain.id)?.quota_period, 'none');
        assert.equal((await groupAccounts.settingsOfGroups([])).size, 0);
      });
    },
  );
}
