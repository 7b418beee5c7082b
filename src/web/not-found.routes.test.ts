/**
 * Wrong addresses: an unknown Admin Console address answers 404 with a link back into the
 * console, an unknown user address with a link to the User Web Interface — signed in or not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';

/** The href of the page's "Go to …" link, and its words. */
function backLink(body: string): { href: string; text: string } | undefined {
  const match = /<p><a href="([^"]+)">(Go to [^<]+)<\/a><\/p>/.exec(body);
  return match ? { href: match[1]!, text: match[2]! } : undefined;
}

for (const kind of DATABASE_KINDS) {
  describe(`pages not found [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;

    before(async () => {
      t = await startTestApp({ kind });
      await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
    });
    after(() => t.close());

    it('links an unknown Admin Console address back into the console', async () => {
      const anonymous = await t.client().get('/admin/no-such-page');
      assert.equal(anonymous.status, 404);
      assert.match(anonymous.body, /<h1>Page not found<\/h1>/);
      assert.deepEqual(backLink(anonymous.body), { href: '/admin', text: 'Go to the Admin Console' });

      const admin = t.client();
      assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      const signedIn = await admin.get('/admin/options/no-such-tab');
      assert.equal(signedIn.status, 404);
      assert.deepEqual(backLink(signedIn.body), { href: '/admin', text: 'Go to the Admin Console' });
      const unknownUser = await admin.get('/admin/users/nobody-here');
      assert.equal(unknownUser.status, 404);
      assert.deepEqual(backLink(unknownUser.body), { href: '/admin', text: 'Go to the Admin Console' });
    });

    it('links an unknown user address to the User Web Interface', async () => {
      for (const path of ['/user/no-such-page', '/no-such-page']) {
        const response = await t.client().get(path);
        assert.equal(response.status, 404, path);
        assert.deepEqual(
          backLink(response.body),
          { href: '/user', text: 'Go to the User Web Interface' },
          path,
        );
      }
    });
  });
}
