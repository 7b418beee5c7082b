import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'user-Passphrase-4821';
const ACTOR = { username: 'test', ip: '' };

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Accounts → a shared account's tabs [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      let page = '';
      const shared = () => t.app.services.sharedAccounts;
      const access = () => shared().access('Science');
      const balance = async () => (await shared().require('Science')).balance;
      const ledger = async () => shared().transactions('Science', 1000);
      const audited = async (action: string) => t.app.services.audit.list({ action });

      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        await t.createUser({ username: 'alice', password: USER_PASSWORD });
        await t.createUser({ username: 'bob', password: USER_PASSWORD });
        await t.app.services.groups.addMember('bob', 'Staff', ACTOR);
        page = `/admin/accounts/${(await shared().add('Science', ACTOR)).id}`;
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('lists who has access, and gives it to a user and a group by name, audited', async () => {
        let shown = await admin.get(`${page}/access`);
        assert.equal(shown.status, 200);
        assert.match(shown.body, /<a href="\/admin\/accounts\/\d+\/access" aria-current="page">Access<\/a>/);
        assert.match(shown.body, /No user has access of their own\./);
        assert.match(shown.body, /No group has access\./);
        let response = await admin.post(`${page}/access/users`, { user: ' Alice ' });
        assert.equal(response.status, 303, response.body);
        assert.equal(response.headers.location, `${page}/access?done=access-added`);
        response = await admin.post(`${page}/access/groups`, { group: 'Staff' });
        assert.equal(response.status, 303, response.body);
        assert.deepEqual(await access(), { users: ['alice'], groups: ['Staff'] });
        shown = await admin.get(`${page}/access?done=access-added`);
        assert.match(shown.body, /Access to Science was given\./);
        assert.match(shown.body, /<th scope="row">alice<\/th>/);
        assert.match(shown.body, /<button type="submit">Remove Staff<\/button>/);
        assert.equal((await audited('shared-account.grant')).length, 2);
        assert.deepEqual(
          (await shared().listFor('bob')).map((account) => account.name),
          ['Science'],
          'a member of the group may charge it',
        );
      });

      it('refuses an unknown or empty user or group with 400 and the field error, granting nothing', async () => {
        const before = await access();
        await admin.get(`${page}/access`);
        for (const [path, form, message] of [
          ['users', { user: 'nobody' }, 'There is no user named “nobody”.'],
          ['users', { user: '' }, 'Enter a username.'],
          ['groups', { group: 'Nobody' }, 'There is no group named “Nobody”.'],
          ['groups', {}, 'Enter a group name.'],
        ] as const) {
          const response = await admin.post(`${page}/access/${path}`, form);
          assert.equal(response.status, 400, JSON.stringify(form));
          const name = path === 'users' ? 'user' : 'group';
          assert.match(response.body, new RegExp(`<input id="field-${name}"[^>]*aria-invalid="true"`));
          assert.ok(response.body.includes(message), message);
        }
        assert.deepEqual(await access(), before);
      });

      it('removes a user and a group, audited', async () => {
        await admin.get(`${page}/access`);
        let response = await admin.post(`${page}/access/users/remove`, { user: 'alice' });
        assert.equal(response.status, 303, response.body);
        assert.equal(response.headers.location, `${page}/access?done=access-removed`);
        response = await admin.post(`${page}/access/groups/remove`, { group: 'Staff' });
        assert.equal(response.status, 303, response.body);
        assert.deepEqual(await access(), { users: [], groups: [] });
        assert.match(
          (await admin.get(`${page}/access?done=access-removed`)).body,
          /Access to Science was taken away\./,
        );
        assert.equal((await audited('shared-account.revoke')).length, 2);
      });

      it('adjusts the balance with a redirect and a notice, signed with the administrator’s name', async () => {
        const shown = await admin.get(`${page}/adjust`);
        assert.equal(shown.status, 200);
        assert.match(shown.body, /<h2 id="adjust-title">Adjust balance<\/h2>/);
        let response = await admin.post(`${page}/adjust`, { amount: '12,50', comment: 'Budget' });
        assert.equal(response.status, 303, response.body);
        assert.equal(response.headers.location, `${page}/adjust?done=adjusted`);
        response = await admin.post(`${page}/adjust`, { amount: '-2.5', comment: 'Lab paper' });
        assert.equal(response.status, 303, response.body);
        assert.equal(await balance(), 100_000);
        const after = await admin.get(`${page}/adjust?done=adjusted`);
        assert.match(after.body, /The balance of Science was adjusted\./);
        assert.match(after.body, /<dd>\$10\.00<\/dd>/);
        const [row] = await ledger();
        assert.deepEqual([row?.actor, row?.comment, row?.amount], ['admin', 'Lab paper', -25_000]);
        assert.equal((await audited('shared-account.adjust'))[0]?.actor, 'admin');
      });

      it('refuses a bad amount or comment with 400 and the field error, writing nothing', async () => {
        const rows = (await ledger()).length;
        const before = await balance();
        await admin.get(`${page}/adjust`);
        for (const [form, name] of [
          [{ amount: 'ten', comment: '' }, 'amount'],
          [{ amount: '', comment: '' }, 'amount'],
          [{ amount: '99999999999999', comment: '' }, 'amount'],
          [{ amount: '1', comment: 'x'.repeat(10_000) }, 'comment'],
        ] as const) {
          const response = await admin.post(`${page}/adjust`, form);
          assert.equal(response.status, 400, JSON.stringify(form).slice(0, 80));
          assert.match(response.body, new RegExp(`<input id="field-${name}"[^>]*aria-invalid="true"`));
        }
        assert.equal((await ledger()).length, rows);
        assert.equal(await balance(), before);
      });

      it('lists the transactions newest first, paged by the last row id', async () => {
        for (let i = 0; i < 55; i++) await shared().adjust('Science', 100, `Row ${i}`, ACTOR);
        const first = await admin.get(`${page}/transactions`);
        assert.equal(first.status, 200);
        assert.match(
          first.body,
          /<a href="\/admin\/accounts\/\d+\/transactions" aria-current="page">Transactions<\/a>/,
        );
        assert.ok(first.body.indexOf('Row 54') < first.body.indexOf('Row 53'), 'newest first');
        assert.doesNotMatch(first.body, /Row 3</);
        const older = /href="(\/admin\/accounts\/\d+\/transactions\?before=\d+)">Older/.exec(first.body);
        assert.ok(older, 'an Older link');
        const second = await admin.get(older[1]!);
        assert.match(second.body, /Row 3</);
        assert.match(second.body, /Lab paper/);
        assert.match(second.body, />Newest</);
        assert.equal((await admin.get(`${page}/transactions?before=abc`)).status, 200);
      });

      it('refuses other users (403), signed-out visitors (401) and a wrong CSRF token', async () => {
        const before = [await balance(), await access()];
        const user = t.client();
        assert.equal((await user.signIn('alice', USER_PASSWORD)).status, 303);
        const anonymous = t.client();
        await anonymous.get('/admin/login');
        const posts: [string, Record<string, string>][] = [
          [`${page}/access/users`, { user: 'alice' }],
          [`${page}/access/groups`, { group: 'Staff' }],
          [`${page}/access/users/remove`, { user: 'alice' }],
          [`${page}/access/groups/remove`, { group: 'Staff' }],
          [`${page}/adjust`, { amount: '100', comment: '' }],
        ];
        for (const [client, status] of [
          [user, 403],
          [anonymous, 401],
        ] as const) {
          for (const tab of ['/access', '/adjust', '/transactions'])
            assert.equal((await client.get(`${page}${tab}`)).status, status, tab);
          for (const [url, form] of posts) assert.equal((await client.post(url, form)).status, status, url);
        }
        for (const [url, form] of posts)
          assert.equal((await admin.post(url, { ...form, _csrf: 'bad' })).status, 403, url);
        assert.deepEqual([await balance(), await access()], before);
        assert.equal((await admin.get('/admin/accounts/999999/adjust')).status, 404);
        assert.equal(
          (await admin.post('/admin/accounts/999999/access/users', { user: 'alice' })).status,
          404,
        );
      });
    },
  );
}
