import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import type { PasswordHasher } from '../../passwords/password-hasher.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const PASSWORD = 'enable-Passphrase-4821';
const ACTOR = { username: 'test', ip: '127.0.0.1' };
/** These tests are about disabled accounts, not passwords: a hasher that costs nothing. */
const hasher: PasswordHasher = {
  hash: async (password) => `plain:${password}`,
  verify: async (hashed, password) => hashed === `plain:${password}`,
};
/** 22:30 UTC on 1 December: 90 minutes later is midnight UTC, 01:00 on the 2nd in Berlin. */
const NOW = new Date('2026-12-01T22:30:00Z');
const UNTIL = '2026-12-02T00:00:00.000Z';
const UNTIL_IN_BERLIN = /<time datetime="2026-12-02T00:00:00\.000Z">2 Dec 2026, 01:00<\/time>/;

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console: "Enable now" for a disabled account [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      let science = '';
      const shared = () => t.app.services.sharedAccounts.require('Science');
      const personal = async () => (await t.app.services.accounts.accountOf('bob')).account;
      const audited = async (action: string) => t.app.services.audit.list({ action });

      before(async () => {
        t = await startTestApp({ kind, ports: { hasher, clock: { now: () => NOW } } });
        await t.app.services.settings.update({ timeZone: 'Europe/Berlin' });
        await t.createUser({ username: 'admin', password: PASSWORD, isAdmin: true });
        await t.createUser({ username: 'bob', password: PASSWORD });
        science = `/admin/accounts/${(await t.app.services.sharedAccounts.add('Science', ACTOR)).id}`;
        admin = t.client();
        assert.equal((await admin.signIn('admin', PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      describe('a shared account disabled for a while (disableSharedAccount)', () => {
        it('offers no "Enable now" while the account accepts charges', async () => {
          const page = await admin.get(science);
          assert.equal(page.status, 200);
          assert.doesNotMatch(page.body, /Disabled until|Enable now/);
        });

        it('shows "Disabled until" in the organisation\'s time zone, with "Enable now", on the Details tab only', async () => {
          await t.app.services.sharedAccounts.disable('Science', 90, ACTOR);
          assert.equal((await shared()).disabled_until, UNTIL);
          const page = await admin.get(science);
          assert.match(page.body, new RegExp(`<dt>Disabled until</dt><dd>${UNTIL_IN_BERLIN.source}</dd>`));
          assert.ok(page.body.includes(`<form method="post" action="${science}/enable">`));
          assert.match(page.body, /<button type="submit" class="button-secondary">Enable now<\/button>/);
          const adjust = await admin.get(`${science}/adjust`);
          assert.match(adjust.body, UNTIL_IN_BERLIN, 'the summary says it on every tab');
          assert.doesNotMatch(adjust.body, /Enable now/, 'the button is on Details');
        });

        it('enables the account at once, with a notice and an audit entry', async () => {
          await t.app.services.sharedAccounts.update('Science', { enabled: 0 }, ACTOR);
          await admin.get(science);
          const response = await admin.post(`${science}/enable`, {});
          assert.equal(response.status, 303, response.body);
          assert.equal(response.headers.location, `${science}?done=enabled`);
          const account = await shared();
          assert.deepEqual([account.enabled, account.disabled_until], [1, null]);
          const page = await admin.get(String(response.headers.location));
          assert.match(page.body, /Science accepts charges again\./);
          assert.doesNotMatch(page.body, /Disabled until|Enable now/);
          const [entry] = await audited('shared-account.enable');
          assert.deepEqual([entry?.actor, entry?.target], ['admin', 'Science']);
        });

        it('answers 404 for an account that does not exist', async () => {
          await admin.get(science);
          for (const url of ['/admin/accounts/999999/enable', '/admin/accounts/abc/enable'])
            assert.equal((await admin.post(url, {})).status, 404, url);
        });
      });

      describe("a user's personal account (disablePrintingForUser)", () => {
        const page = '/admin/users/bob/account';

        it('says printing is allowed, without "Enable now"', async () => {
          const tab = await admin.get(page);
          assert.equal(tab.status, 200);
          assert.match(tab.body, /<dt>Printing<\/dt><dd>Allowed<\/dd>/);
          assert.doesNotMatch(tab.body, /Enable now/);
        });

        it('shows a timed disable in the organisation\'s time zone and one until enabled, each with "Enable now"', async () => {
          await t.app.services.accounts.disablePrinting('bob', 90, ACTOR);
          let tab = await admin.get(page);
          assert.match(
            tab.body,
            new RegExp(`<dt>Printing</dt><dd>Disabled until ${UNTIL_IN_BERLIN.source}</dd>`),
          );
          assert.ok(tab.body.includes(`<form method="post" action="${page}/enable-printing">`));
          assert.match(tab.body, />Enable now</);
          await t.app.services.accounts.update('bob', { enabled: 0 }, ACTOR);
          tab = await admin.get(page);
          assert.match(tab.body, /<dt>Printing<\/dt><dd>Disabled until enabled again<\/dd>/);
          assert.match(tab.body, />Enable now</);
        });

        it('lets the user print again at once, with a notice and an audit entry', async () => {
          await admin.get(page);
          const response = await admin.post(`${page}/enable-printing`, {});
          assert.equal(response.status, 303, response.body);
          assert.equal(response.headers.location, `${page}?done=printing-enabled`);
          const account = await personal();
          assert.deepEqual([account.enabled, account.disabled_until], [1, null]);
          const tab = await admin.get(String(response.headers.location));
          assert.match(tab.body, /bob can print again\./);
          assert.match(tab.body, /<dt>Printing<\/dt><dd>Allowed<\/dd>/);
          const [entry] = await audited('account.enable-printing');
          assert.deepEqual([entry?.actor, entry?.target], ['admin', 'bob']);
        });

        it('answers 404 for a user who does not exist', async () => {
          await admin.get(page);
          assert.equal((await admin.post('/admin/users/nobody/account/enable-printing', {})).status, 404);
        });
      });

      it('refuses signed-out visitors (401), other users (403) and a wrong CSRF token, changing nothing', async () => {
        await t.app.services.sharedAccounts.disable('Science', 90, ACTOR);
        await t.app.services.accounts.disablePrinting('bob', 90, ACTOR);
        const user = t.client();
        assert.equal((await user.signIn('bob', PASSWORD)).status, 303);
        await user.get('/user/summary');
        const anonymous = t.client();
        await anonymous.get('/admin/login');
        const urls = [`${science}/enable`, '/admin/users/bob/account/enable-printing'];
        for (const [client, status] of [
          [anonymous, 401],
          [user, 403],
        ] as const)
          for (const url of urls) assert.equal((await client.post(url, {})).status, status, url);
        await admin.get(science);
        for (const url of urls) assert.equal((await admin.post(url, { _csrf: 'bad' })).status, 403, url);
        assert.equal((await shared()).disabled_until, UNTIL);
        assert.equal((await personal()).disabled_until, UNTIL);
      });
    },
  );
}
