import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'user-Passphrase-4821';
const PAGE = '/admin/users/alice/account';

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Users → Account tab [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      const ledger = async () => t.app.services.accounts.transactions('alice', 1000);
      const balance = async () => (await t.app.services.accounts.accountOf('alice')).account.balance;

      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        await t.createUser({ username: 'alice', password: USER_PASSWORD });
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('shows the balance, settings and an empty transaction list, linked as a tab of the user', async () => {
        const details = await admin.get('/admin/users/alice');
        assert.match(details.body, /<a href="\/admin\/users\/alice\/account">Account<\/a>/);
        const page = await admin.get(PAGE);
        assert.equal(page.status, 200);
        assert.match(page.body, /<a href="\/admin\/users\/alice\/account" aria-current="page">Account<\/a>/);
        assert.match(page.body, /<h2 id="adjust-title">Adjust balance<\/h2>/);
        assert.match(page.body, /<label for="field-amount">Amount<\/label>/);
        assert.match(page.body, /No transactions yet\./);
        assert.match(page.body, /Charge the personal account automatically/);
      });

      it('adjusts the balance with a redirect and a notice, and lists the row newest first', async () => {
        await admin.get(PAGE);
        let response = await admin.post(`${PAGE}/adjust`, { amount: '5', comment: 'Top-up' });
        assert.equal(response.status, 303, response.body);
        assert.equal(response.headers.location, `${PAGE}?done=adjusted`);
        response = await admin.post(`${PAGE}/adjust`, { amount: '-1.25', comment: 'Course fee' });
        assert.equal(response.status, 303, response.body);
        assert.equal(await balance(), 37_500);
        const page = await admin.get(`${PAGE}?done=adjusted`);
        assert.match(page.body, /The balance of alice was adjusted\./);
        assert.ok(page.body.indexOf('Course fee') < page.body.indexOf('Top-up'), 'newest first');
        assert.match(page.body, /<td>admin<\/td>/);
        assert.match(page.body, /<td>Adjustment<\/td>/, 'the type as a word, not as stored');
      });

      it('refuses a bad amount or a 10,000-character comment with 400 and the field error, writing nothing', async () => {
        const rows = (await ledger()).length;
        const before = await balance();
        await admin.get(PAGE);
        for (const [form, name] of [
          [{ amount: 'ten', comment: '' }, 'amount'],
          [{ amount: '', comment: '' }, 'amount'],
          [{ amount: '99999999999999', comment: '' }, 'amount'],
          [{ amount: '1', comment: 'x'.repeat(10_000) }, 'comment'],
        ] as const) {
          const response = await admin.post(`${PAGE}/adjust`, form);
          assert.equal(response.status, 400, JSON.stringify(form).slice(0, 80));
          assert.match(response.body, new RegExp(`id="field-${name}-error"`));
          assert.match(response.body, new RegExp(`<input id="field-${name}"[^>]*aria-invalid="true"`));
        }
        assert.equal((await ledger()).length, rows);
        assert.equal(await balance(), before);
      });

      it('saves restricted, overdraft and selection; refuses a negative overdraft or unknown shared account', async () => {
        await admin.get(PAGE);
        let response = await admin.post(`${PAGE}/settings`, {
          restricted: 'on',
          overdraft: '2.5',
          mode: 'standard-popup',
          sharedAccount: '',
        });
        assert.equal(response.status, 303, response.body);
        let { account } = await t.app.services.accounts.accountOf('alice');
        assert.deepEqual([account.restricted, account.overdraft], [1, 25_000]);
        assert.equal((await t.app.services.accounts.selection('alice')).mode, 'standard-popup');

        for (const form of [
          { overdraft: '-1', mode: 'auto-charge-personal', sharedAccount: '' },
          { overdraft: 'lots', mode: 'auto-charge-personal', sharedAccount: '' },
          { overdraft: '0', mode: 'auto-select-shared', sharedAccount: 'No Such Account' },
          { overdraft: '0', mode: 'constructor', sharedAccount: '' },
        ]) {
          response = await admin.post(`${PAGE}/settings`, form);
          assert.equal(response.status, 400, JSON.stringify(form));
          assert.match(response.body, /class="error-summary"/);
        }
        ({ account } = await t.app.services.accounts.accountOf('alice'));
        assert.deepEqual([account.restricted, account.overdraft], [1, 25_000], 'nothing written');
        assert.equal((await t.app.services.accounts.selection('alice')).mode, 'standard-popup');
      });

      it('pages the transactions by the last row id', async () => {
        for (let i = 0; i < 55; i++)
          await t.app.services.accounts.adjust('alice', 100, `Row ${i}`, { username: 'test', ip: '' });
        const first = await admin.get(PAGE);
        assert.match(first.body, /Row 54/);
        assert.doesNotMatch(first.body, /Row 3</);
        const older = /href="(\/admin\/users\/alice\/account\?before=\d+)">Older/.exec(first.body);
        assert.ok(older, 'an Older link');
        const second = await admin.get(older[1]!.replace(/&amp;/g, '&'));
        assert.equal(second.status, 200);
        assert.match(second.body, /Row 3</);
        assert.match(second.body, /Top-up/);
        assert.match(second.body, />Newest</);
        assert.equal((await admin.get(`${PAGE}?before=abc`)).status, 200, 'a bad cursor shows the newest');
      });

      it('lists the user’s jobs, and no one else’s, on their Job Log tab, paged by the last job', async () => {
        const { printers, charging, accounts } = t.app.services;
        await t.createUser({ username: 'bob', password: USER_PASSWORD });
        await printers.add({ server: 'ps1', name: 'library' }, { username: 'test', ip: '' });
        await accounts.personal(await t.app.services.users.requireUser('alice'));
        const job = (username: string, documentName: string) =>
          charging.charge({
            username,
            printer: 'library',
            pages: 1,
            colorPages: 0,
            copies: 1,
            duplex: false,
            paperSize: 'A4',
            documentName,
            clientMachine: 'lab-1',
            origin: 'cli',
          });
        for (let i = 1; i <= 51; i++) await job('alice', `alice-${i}.pdf`);
        await job('bob', 'bobs-secret.pdf');
        const page = await admin.get('/admin/users/alice/jobs');
        assert.equal(page.status, 200);
        assert.match(page.body, /<a href="\/admin\/users\/alice\/jobs" aria-current="page">Job Log<\/a>/);
        assert.match(
          page.body,
          /<a href="\/admin\/jobs\?user=alice">/,
          'the full Job Log, filtered to alice',
        );
        assert.match(page.body, /alice-51\.pdf/);
        assert.match(page.body, /<td>Printed<\/td>/, 'the status as a word, not as stored');
        assert.doesNotMatch(page.body, /alice-1\.pdf|bobs-secret/);
        const older = /<a href="(\/admin\/users\/alice\/jobs\?before=\d+)">Older<\/a>/.exec(page.body)?.[1];
        assert.ok(older, 'a link to older jobs');
        const second = await admin.get(older);
        assert.match(second.body, /alice-1\.pdf/);
        assert.doesNotMatch(second.body, /alice-2\.pdf/);
        assert.equal((await admin.get('/admin/users/nobody/jobs')).status, 404);
      });

      it('refuses other users (403), signed-out visitors (401) and a wrong CSRF token', async () => {
        const user = t.client();
        assert.equal((await user.signIn('alice', USER_PASSWORD)).status, 303);
        assert.equal((await user.get(PAGE)).status, 403);
        assert.equal((await user.get('/admin/users/alice/jobs')).status, 403);
        assert.equal((await user.post(`${PAGE}/adjust`, { amount: '100', comment: '' })).status, 403);
        const anonymous = t.client();
        await anonymous.get('/admin/login');
        assert.equal((await anonymous.get(PAGE)).status, 401);
        assert.equal((await anonymous.get('/admin/users/alice/jobs')).status, 401);
        assert.equal((await anonymous.post(`${PAGE}/adjust`, { amount: '100', comment: '' })).status, 401);
        const before = await balance();
        assert.equal(
          (await admin.post(`${PAGE}/adjust`, { amount: '100', comment: '', _csrf: 'bad' })).status,
          403,
        );
        assert.equal(await balance(), before);
        assert.equal((await admin.get('/admin/users/nobody/account')).status, 404);
      });
    },
  );
}
