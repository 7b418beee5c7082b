import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { INTERNAL_USERS_GROUP } from './groups.service.js';

const PASSWORD = 'lantern-orchid-93';
const ACTOR = { username: 'test', ip: '127.0.0.1' };

for (const kind of DATABASE_KINDS) {
  describe(
    `Groups and admin access through a group [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
        await t.createUser({ username: 'helper', password: PASSWORD });
      });
      after(async () => t?.close());

      it('gives the members of an admin group the Admin Console, and takes it back with the grant', async () => {
        const { groups } = t.app.services;
        await groups.addMember('helper', 'Helpdesk', ACTOR);
        assert.equal(
          (await t.client().signIn('helper', PASSWORD, 'admin')).status,
          403,
          'membership alone is not access',
        );

        await groups.grantAdminAccess('Helpdesk', ACTOR);
        assert.deepEqual(await groups.adminGroups(), ['Helpdesk']);
        const browser = t.client();
        assert.equal((await browser.signIn('helper', PASSWORD, 'admin')).status, 303);
        assert.equal((await browser.get('/admin/users')).status, 200);
        assert.match(
          (await browser.get('/user/summary')).body,
          /href="\/admin">Admin Console</,
          'the User Web Interface offers the console',
        );

        await groups.revokeAdminAccess('Helpdesk', ACTOR);
        assert.equal((await browser.get('/admin/users')).status, 403, 'at once, for the open session too');
        assert.doesNotMatch((await browser.get('/user/summary')).body, /Admin Console/);
        const audit = await t.app.services.audit.list({ action: 'group.admin.revoke' });
        assert.equal(audit[0]?.target, 'Helpdesk');
      });

      it('lists members in order, internal users through the pseudo-group, and refuses unknown or reserved names', async () => {
        const { groups } = t.app.services;
        await groups.addMember('root', 'Helpdesk', ACTOR);
        await groups.addMember('root', 'Helpdesk', ACTOR); // twice changes nothing
        assert.deepEqual(await groups.members('Helpdesk', 0, 10), ['helper', 'root']);
        assert.deepEqual(await groups.members('Helpdesk', 1, 10), ['root']);
        assert.deepEqual(await groups.members(INTERNAL_USERS_GROUP, 0, 10), ['helper', 'root']);
        await groups.removeMember('helper', 'Helpdesk', ACTOR);
        assert.deepEqual(await groups.groupsOf(await t.app.services.users.requireUser('helper')), []);
        await assert.rejects(groups.members('No Such Group', 0, 10), /No group named "No Such Group"/);
        await assert.rejects(
          groups.addMember('root', INTERNAL_USERS_GROUP, ACTOR),
          /cannot be used as a group name/,
        );
      });
    },
  );
}
