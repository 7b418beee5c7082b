/**
 * The Users list's status filters (disabled, locked out, admin rights, never logged in,
 * department), combined with each other, quick find and the sort; the bounded count, page numbers
 * and page size; and the CSV download of every matching user.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PasswordHasher } from '../../passwords/password-hasher.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const PASSWORD = 'filter-Passphrase-4821';
const ACTOR = { username: 'test', ip: '127.0.0.1' };
const hasher: PasswordHasher = {
  hash: async (password) => `plain:${password}`,
  verify: async (hashed, password) => hashed === `plain:${password}`,
};
const usernames = (body: string) =>
  [...body.matchAll(/<td><a href="\/admin\/users\/([^"]+)">/g)].map((m) => m[1]!);
const countText = (body: string) => /<p role="status">([^<]*)<\/p>/.exec(body)?.[1];

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Users list: filters, count, pages and CSV [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      const names = async (query: string) => usernames((await admin.get(`/admin/users?${query}`)).body);

      before(async () => {
        t = await startTestApp({ kind, ports: { hasher } });
        await t.createUser({ username: 'admin', password: PASSWORD, isAdmin: true });
        const { users, groups } = t.app.services;
        for (const [username, department] of [
          ['f-alice', 'Sales'],
          ['f-bob', 'Sales'],
          ['f-carol', 'Research'],
          ['f-dave', 'Research'],
          ['f-erin', 'Sales'],
        ] as const)
          await t.createUser({ username, password: PASSWORD, department, fullName: `${username} Smith` });
        await users.setDisabled('f-bob', true, ACTOR);
        await users.setAdmin('f-carol', true, ACTOR);
        await groups.addMember('f-erin', 'Helpers', ACTOR);
        await groups.grantAdminAccess('Helpers', ACTOR);
        // f-alice logs in once; f-dave is locked out by five wrong passwords.
        assert.equal((await t.client().signIn('f-alice', PASSWORD)).status, 303);
        for (let i = 0; i < 5; i++) await t.client().signIn('f-dave', 'wrong password');
        admin = t.client();
        assert.equal((await admin.signIn('admin', PASSWORD, 'admin')).status, 303);
      });
      after(() => t?.close());

      it('filters by each status: disabled, locked out, admin rights, never logged in, department', async () => {
        assert.deepEqual(await names('q=f-&disabled=yes'), ['f-bob']);
        assert.deepEqual(await names('q=f-&disabled=no'), ['f-alice', 'f-carol', 'f-dave', 'f-erin']);
        assert.deepEqual(await names('q=f-&locked=yes'), ['f-dave']);
        assert.deepEqual(await names('q=f-&locked=no'), ['f-alice', 'f-bob', 'f-carol', 'f-erin']);
        assert.deepEqual(await names('admin=yes'), ['admin', 'f-carol', 'f-erin'], 'own rights or a group’s');
        assert.deepEqual(await names('q=f-&admin=no'), ['f-alice', 'f-bob', 'f-dave']);
        assert.deepEqual(await names('q=f-&never=yes'), ['f-bob', 'f-carol', 'f-dave', 'f-erin']);
        assert.deepEqual(await names('never=no'), ['admin', 'f-alice']);
        assert.deepEqual(await names('dept=Research'), ['f-carol', 'f-dave']);
        assert.deepEqual(await names('dept=Nobody'), []);
      });

      it('combines the filters with each other, with quick find and with the sort', async () => {
        assert.deepEqual(await names('dept=Sales&disabled=no&never=yes'), ['f-erin']);
        assert.deepEqual(await names('q=f-e&admin=yes'), ['f-erin']);
        assert.deepEqual(await names('dept=Sales&sort=username&dir=desc'), ['f-erin', 'f-bob', 'f-alice']);
        assert.deepEqual(await names('dept=Sales&never=yes&sort=balance&dir=asc'), ['f-bob', 'f-erin']);
        const page = await admin.get('/admin/users?dept=Sales&disabled=no&sort=full_name&dir=desc');
        assert.deepEqual(usernames(page.body), ['f-erin', 'f-alice']);
        assert.match(page.body, /<option value="no" selected>Enabled<\/option>/);
        assert.match(page.body, /<input id="field-dept" name="dept" type="text" value="Sales"/);
        assert.deepEqual(
          await names('q=f-&disabled=constructor&admin=__proto__&locked=1'),
          ['f-alice', 'f-bob', 'f-carol', 'f-dave', 'f-erin'],
          'an unknown choice is no filter',
        );
      });

      it('shows how many users match, and "more than" past the bound', async () => {
        assert.equal(countText((await admin.get('/admin/users?q=f-')).body), '5 users');
        assert.equal(countText((await admin.get('/admin/users?disabled=yes')).body), '1 user');
        assert.equal(countText((await admin.get('/admin/users?dept=Nobody')).body), '0 users');
        const { users } = t.app.services;
        assert.deepEqual((await users.search({ filters: { department: 'Sales' } })).total, {
          count: 3,
          exact: true,
        });
      });

      it('pages with numbers, a page size and Go to page, keeping the filters', async () => {
        // 1,000 more users would make the count inexact; 60 are enough for pages of 25.
        for (let i = 0; i < 60; i++)
          await t.app.services.users.createInternal(
            { username: `p-${String(i).padStart(2, '0')}`, password: PASSWORD, department: 'Paging' },
            ACTOR,
          );
        const first = await admin.get('/admin/users?dept=Paging&size=25');
        assert.equal(usernames(first.body).length, 25);
        assert.equal(countText(first.body), '60 users');
        assert.match(first.body, /<option value="25" selected>25<\/option>/);
        assert.match(first.body, /<strong aria-current="page">/);
        assert.match(
          first.body,
          /href="\/admin\/users\?dept=Paging&amp;page=2&amp;size=25" aria-label="Page 2">2</,
        );
        assert.match(
          first.body,
          /href="\/admin\/users\?dept=Paging&amp;page=3&amp;size=25" aria-label="Page 3">3</,
        );
        assert.match(first.body, /href="\/admin\/users\?dept=Paging&amp;page=3&amp;size=25">Last/);
        const third = await admin.get('/admin/users?dept=Paging&size=25&page=3');
        assert.deepEqual(
          usernames(third.body),
          Array.from({ length: 10 }, (_, i) => `p-${50 + i}`),
        );
        assert.match(third.body, /href="\/admin\/users\?dept=Paging&amp;size=25">First/);
        assert.doesNotMatch(third.body, />Next/);
        // Go to page is a GET form carrying the other parameters.
        assert.match(
          third.body,
          /<input type="hidden" name="dept" value="Paging"\/><input type="hidden" name="size" value="25"\/>/,
        );
        assert.equal(
          usernames((await admin.get('/admin/users?dept=Paging&size=7')).body).length,
          50,
          'an unknown size is the default',
        );
      });

      it('downloads every matching user as CSV, not only the page', async () => {
        const csv = await admin.get('/admin/users.csv?dept=Sales&page=2&size=25');
        assert.equal(csv.status, 200);
        assert.match(String(csv.headers['content-type']), /^text\/csv/);
        assert.match(String(csv.headers['content-disposition']), /filename="users.csv"/);
        const lines = csv.body.trim().split('\r\n');
        assert.equal(
          lines[0],
          'username,full_name,email,department,office,card_number,card_number2,source,balance,restricted,disabled,admin,last_log_in',
        );
        assert.deepEqual(
          lines.slice(1).map((line) => line.split(',').slice(0, 2).join(',')),
          ['"f-alice","f-alice Smith"', '"f-bob","f-bob Smith"', '"f-erin","f-erin Smith"'],
        );
        assert.match(lines[2]!, /"Internal","","","yes","no",""$/);
        const all = await admin.get('/admin/users.csv?dept=Paging');
        assert.equal(all.body.trim().split('\r\n').length, 61, 'all 60, past any page');
        const bad = await admin.get('/admin/users.csv?below=abc');
        assert.equal(bad.status, 400);
        assert.match(bad.body, /Enter an amount/);
      });

      it('refuses other users (403) and signed-out visitors (401)', async () => {
        const user = t.client();
        assert.equal((await user.signIn('f-alice', PASSWORD)).status, 303);
        assert.equal((await user.get('/admin/users?disabled=yes')).status, 403);
        assert.equal((await user.get('/admin/users.csv')).status, 403);
        assert.equal((await t.client().get('/admin/users.csv')).status, 401);
      });
    },
  );
}
