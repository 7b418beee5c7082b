/**
 * Admin Console → Users → your own account: no Disable, Revoke admin rights or Delete (the
 * services refuse them), an explanation instead; and every user's page shows a status.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const PASSWORD = 'admin-Passphrase-4821';
const ACTOR = { username: 'test', ip: '127.0.0.1' };

const badges = (body: string) => [...body.matchAll(/<span class="badge">([^<]+)<\/span>/g)].map((m) => m[1]);

for (const kind of DATABASE_KINDS) {
  describe(
    `your own account in the Admin Console [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;

      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'admin', password: PASSWORD, isAdmin: true });
        await t.createUser({ username: 'other', password: PASSWORD, isAdmin: true });
        await t.createUser({ username: 'gone', password: PASSWORD });
        await t.app.services.users.setDisabled('gone', true, ACTOR);
        admin = t.client();
        assert.equal((await admin.signIn('admin', PASSWORD, 'admin')).status, 303);
      });
      after(() => t.close());

      it('offers no Disable, Revoke admin rights or Delete on your own page, and says why', async () => {
        const page = await admin.get('/admin/users/admin');
        assert.equal(page.status, 200);
        assert.match(page.body, /This is your own account: you cannot disable it/);
        assert.doesNotMatch(page.body, /action="\/admin\/users\/admin\/(disable|admin)"/);
        assert.doesNotMatch(page.body, /href="\/admin\/users\/admin\/delete"/);
        assert.deepEqual(badges(page.body), ['Enabled', 'Admin']);
      });

      it('keeps them on another administrator’s page', async () => {
        const page = await admin.get('/admin/users/other');
        assert.match(page.body, /action="\/admin\/users\/other\/disable"/);
        assert.match(page.body, /action="\/admin\/users\/other\/admin"/);
        assert.match(page.body, /href="\/admin\/users\/other\/delete"/);
        assert.doesNotMatch(page.body, /This is your own account/);
      });

      it('shows your own Delete page without a Delete button, and the services still refuse', async () => {
        const page = await admin.get('/admin/users/admin/delete');
        assert.equal(page.status, 200);
        assert.match(page.body, /You cannot delete your own account\./);
        assert.doesNotMatch(page.body, /<form method="post" action="\/admin\/users\/admin\/delete"/);
        await admin.post('/admin/users/admin/disable', {});
        const me = await t.app.services.users.findByUsername('admin');
        assert.equal(Boolean(me?.disabled), false, 'still enabled');
      });

      it('shows a disabled user’s status', async () => {
        assert.deepEqual(badges((await admin.get('/admin/users/gone')).body), ['Disabled']);
      });
    },
  );
}
