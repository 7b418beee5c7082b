import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { parseAmount } from '../../accounts/money.js';
import type { JobRequest } from '../../jobs/charging.service.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'user-Passphrase-4821';
const ACTOR = { username: 'test', ip: '' };

const job = (username: string, printer: string, documentName: string): JobRequest => ({
  username,
  server: 'ps1',
  printer,
  documentName,
  clientMachine: 'pc-1',
  pages: 2,
  colorPages: 0,
  copies: 1,
  duplex: false,
  paperSize: 'A4',
  origin: 'cli',
});

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Job Log [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;

      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        await t.createUser({ username: 'alice', password: USER_PASSWORD });
        await t.createUser({ username: 'bob', password: USER_PASSWORD });
        const { printers, charging } = t.app.services;
        for (const name of ['library', 'lab'])
          await printers.add({ server: 'ps1', name, cost_gray: parseAmount('0.10') }, ACTOR);
        await charging.charge(job('alice', 'library', 'Essay.pdf'));
        await charging.charge(job('bob', 'lab', '=HYPERLINK("x")'));
        for (let i = 0; i < 52; i++) await charging.charge(job('alice', 'lab', `Page ${i}`));
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('lists jobs newest first, 50 a page, with an Older link that keeps the filter', async () => {
        const page = await admin.get('/admin/jobs');
        assert.equal(page.status, 200);
        assert.match(page.body, /<a href="\/admin\/jobs" aria-current="page">Logs<\/a>/);
        assert.match(page.body, /<a href="\/admin\/jobs" aria-current="page">Job Log<\/a>/);
        assert.ok(page.body.indexOf('Page 51') < page.body.indexOf('Page 50'), 'newest first');
        assert.doesNotMatch(page.body, /Essay\.pdf/);
        const older = /href="(\/admin\/jobs\?before=\d+)">Older/.exec(page.body);
        assert.ok(older);
        assert.match((await admin.get(older[1]!)).body, /Essay\.pdf/);

        const filtered = await admin.get('/admin/jobs?user=alice&printer=ps1%5Clibrary');
        assert.equal(filtered.status, 200);
        assert.match(filtered.body, /Essay\.pdf/);
        assert.doesNotMatch(filtered.body, /Page 1|HYPERLINK/);
        assert.match(filtered.body, /href="\/admin\/jobs\.csv\?user=alice&amp;printer=ps1%5Clibrary"/);
      });

      it('refuses an unknown user or printer in the filter with 400 and the field error', async () => {
        for (const [query, name] of [
          ['user=nobody', 'user'],
          ['printer=ps1%5Cnowhere', 'printer'],
          [`user=${'x'.repeat(10_000)}`, 'user'],
        ] as const) {
          const response = await admin.get(`/admin/jobs?${query}`);
          assert.equal(response.status, 400, query.slice(0, 40));
          assert.match(response.body, new RegExp(`<input id="field-${name}"[^>]*aria-invalid="true"`));
        }
        assert.equal((await admin.get('/admin/jobs.csv?user=nobody')).status, 400);
      });

      it('filters by the account charged and by days, and refuses a bad date with the field error', async () => {
        const bob = await admin.get('/admin/jobs?account=bob');
        assert.equal(bob.status, 200);
        assert.match(bob.body, /<td>bob<\/td><td>ps1\\lab<\/td><td>bob<\/td><td>=HYPERLINK/);
        assert.doesNotMatch(bob.body, /Essay\.pdf|Page 1/);
        const long = await admin.get('/admin/jobs?from=2000-01-01&to=2000-01-31');
        assert.match(long.body, /No jobs match\./);
        const since = await admin.get('/admin/jobs?user=bob&from=2000-01-01');
        assert.match(since.body, /HYPERLINK/);
        assert.match(since.body, /href="\/admin\/jobs\.csv\?user=bob&amp;from=2000-01-01"/);

        for (const [query, name] of [
          ['from=2026-02-30', 'from'],
          ['to=01.12.2026', 'to'],
          ['from=2026-12-02&to=2026-12-01', 'to'],
          ['account=Nowhere', 'account'],
        ] as const) {
          const response = await admin.get(`/admin/jobs?${query}`);
          assert.equal(response.status, 400, query);
          assert.match(response.body, new RegExp(`<input id="field-${name}"[^>]*aria-invalid="true"`));
        }
        const csv = await admin.get('/admin/jobs.csv?account=bob&from=2000-01-01');
        assert.equal(csv.body.trim().split('\r\n').length, 2);
        assert.equal((await admin.get('/admin/jobs.csv?to=tomorrow')).status, 400);
      });

      it('exports the filtered jobs as CSV, with formulas defused', async () => {
        const all = await admin.get('/admin/jobs.csv');
        assert.equal(all.status, 200);
        assert.match(String(all.headers['content-type']), /^text\/csv/);
        assert.match(String(all.headers['content-disposition']), /attachment; filename="job-log.csv"/);
        const lines = all.body.trim().split('\r\n');
        assert.equal(lines.length, 1 + 54);
        assert.match(lines[0]!, /^id,time,user,printer,account,document,/);
        assert.match(all.body, /"'=HYPERLINK\(""x""\)"/);
        const bob = await admin.get('/admin/jobs.csv?user=bob');
        assert.equal(bob.body.trim().split('\r\n').length, 2);
        assert.match(bob.body, /"bob","ps1\\lab"/);
        assert.match(bob.body, /"0\.2"/);
      });

      it('refuses other users (403) and signed-out visitors (401)', async () => {
        const user = t.client();
        assert.equal((await user.signIn('alice', USER_PASSWORD)).status, 303);
        assert.equal((await user.get('/admin/jobs')).status, 403);
        assert.equal((await user.get('/admin/jobs.csv')).status, 403);
        const anonymous = t.client();
        assert.equal((await anonymous.get('/admin/jobs')).status, 401);
        assert.equal((await anonymous.get('/admin/jobs.csv')).status, 401);
      });
    },
  );
}
