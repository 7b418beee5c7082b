import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { parseAmount } from '../../accounts/money.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'user-Passphrase-4821';
const ADMIN = { username: 'admin', ip: '' };

/** The part of a page between two headings' texts. */
function section(body: string, from: string, to: string): string {
  const start = body.indexOf(from);
  assert.ok(start >= 0, from);
  return body.slice(start, body.indexOf(to, start));
}

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Dashboard [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      let now = new Date();

      /** A job of `pages` grey pages by `user` on `printer` at `at`. */
      const print = async (
        at: string,
        user: string,
        printer: string,
        pages: number,
        documentName = 'Doc.pdf',
      ) => {
        now = new Date(at);
        await t.app.services.charging.charge({
          username: user,
          server: 'ps1',
          printer,
          documentName,
          clientMachine: 'pc-1',
          pages,
          colorPages: 0,
          copies: 1,
          duplex: false,
          paperSize: 'A4',
          origin: 'cli',
        });
      };

      before(async () => {
        t = await startTestApp({ kind, ports: { clock: { now: () => now } } });
        const { settings, printers } = t.app.services;
        await settings.update({ timeZone: 'America/New_York' });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        for (let i = 1; i <= 6; i++) await t.createUser({ username: `u${i}`, password: USER_PASSWORD });
        const price = { cost_gray: parseAmount('0.10') };
        await printers.add({ server: 'ps1', name: 'lab', ...price }, ADMIN);
        await printers.add({ server: 'ps1', name: 'library', ...price }, ADMIN);
        await printers.add({ server: 'ps1', name: 'broken', ...price, enabled: 0 }, ADMIN);

        // Sunday 23:30 in New York: last week there, though Monday in UTC.
        await print('2026-11-30T04:30:00Z', 'u1', 'lab', 100);
        // Monday 00:30 in New York: this week.
        await print('2026-11-30T05:30:00Z', 'u2', 'library', 7);
        // Tuesday 23:00 in New York: this week, not today, though the 2nd in UTC.
        await print('2026-12-02T04:00:00Z', 'u3', 'lab', 6);
        await print('2026-12-02T14:00:00Z', 'u4', 'lab', 5);
        await print('2026-12-02T14:01:00Z', 'u5', 'library', 4);
        await print('2026-12-02T14:02:00Z', 'u6', 'lab', 3);
        await print('2026-12-02T14:03:00Z', 'u1', 'lab', 1);
        for (let i = 0; i <= 10; i++) await print('2026-12-02T14:30:00Z', 'u1', 'broken', 2, `Denied ${i}`);
        // Wednesday 2 December, 10:00 in New York. Only those who printed have an account yet.
        now = new Date('2026-12-02T15:00:00Z');
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('is where /admin leads, first in the navigation', async () => {
        const redirect = await admin.get('/admin');
        assert.equal(redirect.status, 302);
        assert.equal(redirect.headers.location, '/admin/dashboard');
        const page = await admin.get('/admin/dashboard');
        assert.equal(page.status, 200);
        assert.match(
          page.body,
          /<nav class="site-nav"[^>]*><ul><li><a href="\/admin\/dashboard" aria-current="page">Dashboard<\/a>/,
        );
        assert.match(page.body, /<h1>Dashboard<\/h1>/);
      });

      it('counts pages and jobs of today and this week in the organisation’s zone', async () => {
        const page = (await admin.get('/admin/dashboard')).body;
        assert.match(page, /<dt>Pages today<\/dt><dd>13<\/dd><dt>Jobs today<\/dt><dd>4<\/dd>/);
        assert.match(page, /<dt>Pages this week<\/dt><dd>26<\/dd><dt>Jobs this week<\/dt><dd>6<\/dd>/);
        assert.match(page, /<dt>Personal balances<\/dt><dd>-\$12\.60 in 6 personal accounts<\/dd>/);
        assert.match(
          page,
          /The week began on Monday, 30 Nov 2026; days and weeks are in America\/New_York time\./,
        );
      });

      it('ranks the week’s top five printers and users by pages, each linked to its jobs', async () => {
        const page = (await admin.get('/admin/dashboard')).body;
        const printers = section(page, 'Top printers this week', 'Top users this week');
        assert.match(
          printers,
          /ps1\\lab<\/a><\/th><td>15<\/td><td>4<\/td>.*ps1\\library<\/a><\/th><td>11<\/td><td>2<\/td>/s,
        );
        assert.doesNotMatch(printers, /broken/);
        const users = section(page, 'Top users this week', 'Recent denied jobs');
        assert.deepEqual(
          [...users.matchAll(/<th scope="row"><a [^>]*>(u\d)<\/a>/g)].map((match) => match[1]),
          ['u2', 'u3', 'u4', 'u5', 'u6'],
        );
        const link = /<a href="([^"]+)">u2<\/a>/.exec(users);
        assert.equal(link?.[1], '/admin/jobs?user=u2&amp;from=2026-11-30');
        const jobs = await admin.get(link[1]!.replace(/&amp;/g, '&'));
        assert.equal(jobs.status, 200);
        assert.match(jobs.body, /<td>u2<\/td><td>ps1\\library<\/td>/);
      });

      it('lists the ten latest denied jobs with the reason', async () => {
        const denied = section((await admin.get('/admin/dashboard')).body, 'Recent denied jobs', '</main>');
        assert.equal([...denied.matchAll(/The printer is disabled\./g)].length, 10);
        assert.ok(denied.indexOf('Denied 10') < denied.indexOf('Denied 9'), 'newest first');
        assert.doesNotMatch(denied, /Denied 0</);
        assert.match(denied, /<a href="\/admin\/jobs">Open the Job Log<\/a>/);
      });

      it('refuses other users (403) and signed-out visitors (401)', async () => {
        const user = t.client();
        assert.equal((await user.signIn('u1', USER_PASSWORD)).status, 303);
        assert.equal((await user.get('/admin/dashboard')).status, 403);
        assert.equal((await t.client().get('/admin/dashboard')).status, 401);
      });
    },
  );
}

describe('Admin Console → Dashboard with nothing printed', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
  });
  after(() => t?.close());

  it('says so instead of showing empty tables', async () => {
    const admin = t.client();
    await admin.signIn('admin', ADMIN_PASSWORD, 'admin');
    const page = (await admin.get('/admin/dashboard')).body;
    assert.match(page, /<dt>Pages today<\/dt><dd>0<\/dd>/);
    assert.equal([...page.matchAll(/Nothing printed this week yet\./g)].length, 2);
    assert.match(page, /No job has been denied\./);
    assert.doesNotMatch(page, /<table/);
  });
});
