/** Admin Console → Users → a user → Details: what the page tells about the user's log-ins. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'user-Passphrase-4821';

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Users → Details tab [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      let now = new Date('2026-12-08T12:00:00.000Z');

      before(async () => {
        t = await startTestApp({ kind, ports: { clock: { now: () => now } } });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        await t.createUser({ username: 'alice', password: USER_PASSWORD });
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      after(() => t?.close());

      const lastLogIn = (body: string) => /<dt>Last log-in<\/dt>\s*<dd>(.*?)<\/dd>/s.exec(body)?.[1];

      it('shows "Never" as the last log-in of a user who never logged in', async () => {
        const page = await admin.get('/admin/users/alice');
        assert.equal(page.status, 200);
        assert.equal(lastLogIn(page.body), 'Never');
      });

      it('shows the last log-in as a relative time with the exact time on hover', async () => {
        assert.equal((await t.client().signIn('alice', USER_PASSWORD)).status, 303);
        now = new Date(now.getTime() + 3 * 60_000);
        const shown = lastLogIn((await admin.get('/admin/users/alice')).body);
        assert.match(
          shown ?? '',
          /^<time datetime="2026-12-08T12:00:00.000Z" title="[^"]+">3 minutes ago<\/time>$/,
        );
      });
    },
  );
}
