import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PasswordHasher } from '../../passwords/password-hasher.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const PASSWORD = 'group-Passphrase-4821';
const ACTOR = { username: 'test', ip: '127.0.0.1' };
/** These tests are about admin access, not passwords: a hasher that costs nothing. */
const hasher: PasswordHasher = {
  hash: async (password) => `plain:${password}`,
  verify: async (hashed, password) => hashed === `plain:${password}`,
};
/** A group name that needs encoding in an address. */
const GROUP = 'Help Desk #2';
const PAGE = `/admin/groups/${encodeURIComponent(GROUP)}`;

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Groups → a group's Admin Console access [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      const adminGroups = () => t.app.services.groups.adminGroups();
      const auditCount = async () =>
        (await t.app.services.audit.list({ action: 'group.admin.grant' })).length +
        (await t.app.services.audit.list({ action: 'group.admin.revoke' })).length;
      /** The status of the Admin Console for `username`, in a fresh browser. */
      const consoleStatus = async (username: string) => {
        const browser = t.client();
        return (await browser.signIn(username, PASSWORD, 'admin')).status;
      };

      before(async () => {
        t = await startTestApp({ kind, ports: { hasher } });
        await t.createUser({ username: 'admin', password: PASSWORD, isAdmin: true });
        await t.createUser({ username: 'helper', password: PASSWORD });
        await t.app.services.groups.addMember('helper', GROUP, ACTOR);
        admin = t.client();
        assert.equal((await admin.signIn('admin', PASSWORD, 'admin')).status, 303);
      });
      after(() => t?.close());

      it('says the members have no access and offers to grant it', async () => {
        const page = await admin.get(PAGE);
        assert.equal(page.status, 200);
        assert.match(page.body, /<h2 id="admin-access-title">Admin Console access<\/h2>/);
        assert.match(page.body, /No: members of this group use the Admin Console only if/);
        assert.ok(page.body.includes(`action="${PAGE}/admin-access"`));
        assert.match(page.body, /<input type="hidden" name="access" value="grant"/);
        assert.match(page.body, />Grant Admin Console access</);
      });

      it('grants the access with a redirect, a notice and an audit entry; the members can then sign in', async () => {
        assert.equal(await consoleStatus('helper'), 403, 'membership alone is not access');
        await admin.get(PAGE);
        const response = await admin.post(`${PAGE}/admin-access`, { access: 'grant' });
        assert.equal(response.status, 303, response.body);
        assert.equal(response.headers.location, `${PAGE}?done=admin-granted`);
        assert.deepEqual(await adminGroups(), [GROUP]);
        const page = await admin.get(String(response.headers.location));
        assert.match(page.body, /Members of Help Desk #2 can now use the Admin Console\./);
        assert.match(page.body, /Yes: every enabled member of this group can use the Admin Console/);
        assert.match(page.body, /<input type="hidden" name="access" value="revoke"/);
        const [entry] = await t.app.services.audit.list({ action: 'group.admin.grant' });
        assert.deepEqual([entry?.actor, entry?.target], ['admin', GROUP]);
        assert.equal(await consoleStatus('helper'), 303);
      });

      it('revokes the access at once, for an open session too, and keeps the administrator in', async () => {
        const helper = t.client();
        assert.equal((await helper.signIn('helper', PASSWORD, 'admin')).status, 303);
        assert.equal((await helper.get('/admin/dashboard')).status, 200);
        await admin.get(PAGE);
        const response = await admin.post(`${PAGE}/admin-access`, { access: 'revoke' });
        assert.equal(response.status, 303, response.body);
        assert.equal(response.headers.location, `${PAGE}?done=admin-revoked`);
        assert.deepEqual(await adminGroups(), []);
        assert.match(
          (await admin.get(String(response.headers.location))).body,
          /Members of Help Desk #2 can no longer use the Admin Console, unless/,
        );
        const [entry] = await t.app.services.audit.list({ action: 'group.admin.revoke' });
        assert.deepEqual([entry?.actor, entry?.target], ['admin', GROUP]);
        assert.equal((await helper.get('/admin/dashboard')).status, 403);
        assert.equal((await admin.get('/admin/dashboard')).status, 200, 'admin rights of their own stay');
      });

      it('refuses a choice other than grant or revoke with 400 and the reason, changing nothing', async () => {
        const audited = await auditCount();
        const forms: Record<string, string>[] = [
          { access: 'maybe' },
          { access: 'constructor' },
          {},
          { access: 'GRANT' },
        ];
        for (const form of forms) {
          await admin.get(PAGE);
          const response = await admin.post(`${PAGE}/admin-access`, form);
          assert.equal(response.status, 400, JSON.stringify(form));
          assert.match(
            response.body,
            /class="notice notice-error" role="alert">Choose whether to grant or to revoke the access\./,
          );
        }
        assert.deepEqual(await adminGroups(), []);
        assert.equal(await auditCount(), audited, 'nothing audited');
      });

      it('answers 404 for a group that does not exist', async () => {
        await admin.get(PAGE);
        const response = await admin.post('/admin/groups/No%20Such%20Group/admin-access', {
          access: 'grant',
        });
        assert.equal(response.status, 404);
        assert.deepEqual(await adminGroups(), []);
      });

      it('refuses signed-out visitors (401), other users (403) and a wrong CSRF token, changing nothing', async () => {
        const user = t.client();
        assert.equal((await user.signIn('helper', PASSWORD)).status, 303);
        await user.get('/user/summary');
        const anonymous = t.client();
        await anonymous.get('/admin/login');
        const audited = await auditCount();
        for (const [client, status] of [
          [anonymous, 401],
          [user, 403],
        ] as const) {
          assert.equal((await client.get(PAGE)).status, status);
          assert.equal((await client.post(`${PAGE}/admin-access`, { access: 'grant' })).status, status);
        }
        await admin.get(PAGE);
        assert.equal(
          (await admin.post(`${PAGE}/admin-access`, { access: 'grant', _csrf: 'bad' })).status,
          403,
        );
        assert.deepEqual(await adminGroups(), []);
        assert.equal(await auditCount(), audited);
      });
    },
  );
}
