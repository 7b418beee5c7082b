/**
 * The Users list's bulk actions: disable, enable, force password change, add to group and delete
 * (with its confirmation page), each through the single-user services (their refusals reported
 * per user, an audit entry per user), and the form's own refusals (400, nothing changed).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PasswordHasher } from '../../passwords/password-hasher.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const PASSWORD = 'bulk-Passphrase-4821';
const ACTOR = { username: 'test', ip: '127.0.0.1' };
const hasher: PasswordHasher = {
  hash: async (password) => `plain:${password}`,
  verify: async (hashed, password) => hashed === `plain:${password}`,
};

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Users list: bulk actions [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      const user = (username: string) => t.app.services.users.findByUsername(username);
      const audited = async (action: string) =>
        (await t.app.services.audit.list({ action })).map((entry) => entry.target).sort();
      /** Opens the list (for its CSRF token) and posts the bulk form. */
      const bulk = async (form: Record<string, string | string[]>) => {
        await admin.get('/admin/users?q=b-');
        return admin.post('/admin/users/bulk', { list: 'q=b-', ...form });
      };

      before(async () => {
        t = await startTestApp({ kind, ports: { hasher } });
        await t.createUser({ username: 'admin', password: PASSWORD, isAdmin: true });
        for (const username of ['b-ann', 'b-ben', 'b-cat', 'b-dan'])
          await t.createUser({ username, password: PASSWORD, fullName: `${username} Jones` });
        await t.app.services.groups.create('Printing Team', ACTOR);
        admin = t.client();
        assert.equal((await admin.signIn('admin', PASSWORD, 'admin')).status, 303);
      });
      after(() => t?.close());

      it('shows a checkbox a user, All users on this page, and the action list', async () => {
        const page = await admin.get('/admin/users?q=b-');
        assert.match(page.body, /<form method="post" action="\/admin\/users\/bulk"/);
        assert.match(page.body, /<input type="checkbox" id="select-\d+" name="user" value="b-ann"\/>/);
        assert.match(page.body, /<label for="select-\d+" class="visually-hidden">Select b-ann<\/label>/);
        assert.match(page.body, /<input type="hidden" name="shown" value="b-dan"\/>/);
        assert.match(page.body, /<input type="hidden" name="list" value="q=b-"\/>/);
        for (const label of ['Disable', 'Enable', 'Force password change', 'Add to group', 'Delete'])
          assert.match(page.body, new RegExp(`<option value="[a-z-]+">${label}</option>`));
      });

      it('disables and enables the ticked users, each audited, and reports how many', async () => {
        const disabled = await bulk({ action: 'disable', user: ['b-ann', 'b-ben'] });
        assert.equal(disabled.status, 200);
        assert.match(disabled.body, /2 users disabled\./);
        assert.match(disabled.body, /href="\/admin\/users\?q=b-">Back to Users/);
        assert.equal((await user('b-ann'))?.disabled, 1);
        assert.equal((await user('b-ben'))?.disabled, 1);
        assert.equal((await user('b-cat'))?.disabled, 0);
        assert.deepEqual(await audited('user.disable'), ['b-ann', 'b-ben']);
        const enabled = await bulk({ action: 'enable', user: 'b-ann' });
        assert.match(enabled.body, /1 user enabled\./);
        assert.equal((await user('b-ann'))?.disabled, 0);
        assert.deepEqual(await audited('user.enable'), ['b-ann']);
      });

      it('acts on every user shown with All users on this page', async () => {
        const result = await bulk({
          action: 'enable',
          scope: 'on',
          shown: ['b-ann', 'b-ben', 'b-cat', 'b-dan'],
        });
        assert.match(result.body, /4 users enabled\./);
        assert.equal((await user('b-ben'))?.disabled, 0);
      });

      it('refuses yourself and an unknown name per user, with the reason, and does the others', async () => {
        const result = await bulk({ action: 'disable', user: ['admin', 'b-cat', 'nobody'] });
        assert.equal(result.status, 200);
        assert.match(result.body, /1 user disabled\. 2 users refused:/);
        assert.match(
          result.body,
          /<th scope="row">admin<\/th><td>You cannot disable your own account\.<\/td>/,
        );
        assert.match(result.body, /<th scope="row">nobody<\/th><td>No user named &quot;nobody&quot;\.<\/td>/);
        assert.equal((await user('admin'))?.disabled, 0);
        assert.equal((await user('b-cat'))?.disabled, 1);
        await t.app.services.users.setDisabled('b-cat', false, ACTOR);
      });

      it('forces a password change on internal users', async () => {
        const result = await bulk({ action: 'force-password', user: ['b-ann', 'b-ben'] });
        assert.match(result.body, /2 users must change their password at their next log-in\./);
        assert.equal((await user('b-ann'))?.must_change_password, 1);
        assert.deepEqual(await audited('user.password.must_change'), ['b-ann', 'b-ben']);
        const signedIn = await t.client().signIn('b-ann', PASSWORD);
        assert.match(String(signedIn.headers.location), /\/user\/change-details\?required=1/);
      });

      it('adds the ticked users to an existing internal group, and refuses an unknown group', async () => {
        const result = await bulk({
          action: 'add-to-group',
          group: 'Printing Team',
          user: ['b-cat', 'b-dan'],
        });
        assert.match(result.body, /2 users added to Printing Team\./);
        assert.deepEqual(await t.app.services.groups.members('Printing Team', 0, 10), ['b-cat', 'b-dan']);
        const unknown = await bulk({ action: 'add-to-group', group: 'No Such Group', user: ['b-ann'] });
        assert.equal(unknown.status, 400);
        assert.match(unknown.body, /There is no group named &quot;No Such Group&quot;\./);
        assert.match(
          unknown.body,
          /<input type="checkbox" id="select-\d+" name="user" value="b-ann" checked\/>/,
        );
        assert.equal(await t.app.services.groups.exists('No Such Group'), false);
        const missing = await bulk({ action: 'add-to-group', group: ' ', user: ['b-ann'] });
        assert.equal(missing.status, 400);
        assert.match(missing.body, /Enter the name of the group/);
      });

      it('refuses an unknown action or no user with 400, changing nothing', async () => {
        for (const action of ['explode', 'constructor', '']) {
          const page = await bulk({ action, user: 'b-ann' });
          assert.equal(page.status, 400, action);
          assert.match(page.body, /Choose one of the actions in the list\./);
        }
        const none = await bulk({ action: 'disable' });
        assert.equal(none.status, 400);
        assert.match(none.body, /href="#field-scope">All users on this page: Select at least one user/);
        assert.equal((await user('b-ann'))?.disabled, 0);
      });

      it('asks before deleting, listing who, then deletes them; the last administrator is refused', async () => {
        const confirm = await bulk({ action: 'delete', user: ['b-dan', 'nobody'] });
        assert.equal(confirm.status, 200);
        assert.match(confirm.body, /<h1>Delete 1 user<\/h1>/);
        assert.match(
          confirm.body,
          /<th scope="row"><a href="\/admin\/users\/b-dan">b-dan<\/a><\/th><td>b-dan Jones<\/td>/,
        );
        assert.match(confirm.body, /<form method="post" action="\/admin\/users\/bulk-delete"/);
        assert.ok(await user('b-dan'), 'nothing is deleted before the confirmation');
        const deleted = await admin.post('/admin/users/bulk-delete', {
          list: 'q=b-',
          user: ['b-dan', 'admin'],
        });
        assert.equal(deleted.status, 200);
        assert.match(deleted.body, /1 user deleted\. 1 user refused:/);
        assert.match(deleted.body, /You cannot delete your own account\./);
        assert.equal(await user('b-dan'), undefined);
        assert.deepEqual(await audited('user.delete'), ['b-dan']);
        // A member of a group with Admin Console access cannot delete the last administrator.
        await t.createUser({ username: 'b-helper', password: PASSWORD });
        await t.app.services.groups.addMember('b-helper', 'Console', ACTOR);
        await t.app.services.groups.grantAdminAccess('Console', ACTOR);
        const helper = t.client();
        assert.equal((await helper.signIn('b-helper', PASSWORD, 'admin')).status, 303);
        await helper.get('/admin/users');
        const last = await helper.post('/admin/users/bulk-delete', { user: ['admin', 'b-helper'] });
        assert.match(last.body, /0 users deleted\. 2 users refused:/);
        assert.match(last.body, /This is the last administrator; it cannot be deleted\./);
        assert.ok(await user('admin'));
      });

      it('refuses other users (403) and signed-out visitors (401), changing nothing', async () => {
        const anonymous = t.client();
        await anonymous.get('/admin/login'); // a browser would hold the anonymous CSRF cookie
        const plain = t.client();
        assert.equal((await plain.signIn('b-cat', PASSWORD)).status, 303);
        await plain.get('/user');
        assert.equal(
          (await plain.post('/admin/users/bulk', { action: 'disable', user: 'b-ben' })).status,
          403,
        );
        assert.equal((await plain.post('/admin/users/bulk-delete', { user: 'b-ben' })).status, 403);
        assert.equal(
          (await anonymous.post('/admin/users/bulk', { action: 'disable', user: 'b-ben' })).status,
          401,
        );
        assert.equal((await user('b-ben'))?.disabled, 0);
      });
    },
  );
}
