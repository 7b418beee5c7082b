import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { parseAmount } from '../../accounts/money.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'user-Passphrase-4821';
const ADMIN = { username: 'admin', ip: '' };

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Logs → Transaction Log [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      let now = new Date('2026-12-01T22:30:00Z');

      before(async () => {
        t = await startTestApp({ kind, ports: { clock: { now: () => now } } });
        const { settings, accounts, sharedAccounts, printers, charging } = t.app.services;
        // Berlin is UTC+1 in December: 22:30 UTC on the 1st is 23:30 there, 23:30 UTC is the 2nd.
        await settings.update({ timeZone: 'Europe/Berlin' });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        await t.createUser({ username: 'alice', password: USER_PASSWORD });
        await t.createUser({ username: 'bob', password: USER_PASSWORD });
        await sharedAccounts.add('Science', ADMIN);
        await printers.add({ server: 'ps1', name: 'lab', cost_gray: parseAmount('0.10') }, ADMIN);

        await accounts.adjust('alice', parseAmount('5'), 'Top-up', ADMIN);
        now = new Date('2026-12-01T23:30:00Z');
        await sharedAccounts.adjust('Science', parseAmount('10'), '=cmd|calc', ADMIN);
        now = new Date('2026-12-02T10:00:00Z');
        await charging.charge({
          username: 'alice',
          server: 'ps1',
          printer: 'lab',
          documentName: 'Essay.pdf',
          clientMachine: 'pc-1',
          pages: 3,
          colorPages: 0,
          copies: 1,
          duplex: false,
          paperSize: 'A4',
          origin: 'cli',
        });
        now = new Date('2026-12-03T10:00:00Z');
        for (let i = 0; i < 50; i++) await accounts.adjust('bob', parseAmount('1'), `Refill ${i}`, ADMIN);
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('lists every account’s transactions newest first, 50 a page, under Logs', async () => {
        const page = await admin.get('/admin/transactions');
        assert.equal(page.status, 200);
        assert.match(page.body, /<a href="\/admin\/jobs" aria-current="page">Logs<\/a>/);
        assert.match(page.body, /<a href="\/admin\/transactions" aria-current="page">Transaction Log<\/a>/);
        assert.match(page.body, /<h1>Transaction Log<\/h1>/);
        assert.ok(page.body.indexOf('Refill 49') < page.body.indexOf('Refill 48'), 'newest first');
        assert.match(
          page.body,
          /<td>bob \(personal\)<\/td><td>admin<\/td><td>Adjustment<\/td><td>\$1\.00<\/td>/,
        );
        assert.doesNotMatch(page.body, /Essay\.pdf/);
        const older = /href="(\/admin\/transactions\?before=\d+)">Older/.exec(page.body);
        assert.ok(older);
        const second = await admin.get(older[1]!);
        assert.match(
          second.body,
          /<td>alice \(personal\)<\/td><td>alice<\/td><td>Printing<\/td><td>-\$0\.30<\/td><td>\$4\.70<\/td><td>Essay\.pdf<\/td>/,
        );
        assert.match(second.body, /<td>Science<\/td><td>admin<\/td><td>Adjustment<\/td><td>\$10\.00<\/td>/);
        assert.match(second.body, /href="\/admin\/transactions">Newest</);
      });

      it('filters by the user who made a change, by account and by days in the organisation’s zone', async () => {
        const byAlice = await admin.get('/admin/transactions?user=alice');
        assert.equal(byAlice.status, 200);
        assert.match(byAlice.body, /Essay\.pdf/);
        assert.doesNotMatch(byAlice.body, /Top-up|Refill/);

        const aliceAccount = await admin.get('/admin/transactions?account=alice');
        assert.match(aliceAccount.body, /Essay\.pdf/);
        assert.match(aliceAccount.body, /Top-up/);
        assert.doesNotMatch(aliceAccount.body, /Refill|cmd/);

        const science = await admin.get('/admin/transactions?account=Science&user=admin');
        assert.match(science.body, /=cmd\|calc/);
        assert.doesNotMatch(science.body, /Top-up|Essay|Refill/);
        assert.match(science.body, /href="\/admin\/transactions\.csv\?user=admin&amp;account=Science"/);

        // The 2nd in Berlin began at 23:00 UTC on the 1st: the Science top-up at 23:30 UTC is in it.
        const second = await admin.get('/admin/transactions?from=2026-12-02&to=2026-12-02');
        assert.match(second.body, /=cmd\|calc/);
        assert.match(second.body, /Essay\.pdf/);
        assert.doesNotMatch(second.body, /Top-up|Refill/);
        assert.match(second.body, /<input id="field-from" name="from" type="date" value="2026-12-02"/);
        const untilFirst = await admin.get('/admin/transactions?to=2026-12-01');
        assert.match(untilFirst.body, /Top-up/);
        assert.doesNotMatch(untilFirst.body, /cmd|Essay|Refill/);
        const empty = await admin.get('/admin/transactions?from=2026-12-04');
        assert.match(empty.body, /No transactions match\./);
      });

      it('refuses a bad date, a reversed range or an unknown name with 400 and the field’s error', async () => {
        for (const [query, name, message] of [
          ['from=2026-02-30', 'from', 'Give a date such as 2026-12-01.'],
          ['to=yesterday', 'to', 'Give a date such as 2026-12-01.'],
          ['from=2026-12-03&to=2026-12-02', 'to', 'The last day comes before the first day.'],
          ['user=nobody', 'user', 'No user'],
          ['account=Nowhere', 'account', 'No account named &quot;Nowhere&quot;'],
        ] as const) {
          const response = await admin.get(`/admin/transactions?${query}`);
          assert.equal(response.status, 400, query);
          assert.match(response.body, new RegExp(`<input id="field-${name}"[^>]*aria-invalid="true"`));
          assert.ok(response.body.includes(message), `${query}: ${message}`);
          assert.doesNotMatch(response.body, /Export as CSV|<table/);
        }
        const csv = await admin.get('/admin/transactions.csv?from=2026-13-01');
        assert.equal(csv.status, 400);
        assert.equal(csv.body, 'Give a date such as 2026-12-01.');
      });

      it('exports the filtered transactions as CSV, with formulas defused', async () => {
        const all = await admin.get('/admin/transactions.csv');
        assert.equal(all.status, 200);
        assert.match(String(all.headers['content-type']), /^text\/csv/);
        assert.match(
          String(all.headers['content-disposition']),
          /attachment; filename="transaction-log.csv"/,
        );
        const lines = all.body.trim().split('\r\n');
        assert.equal(lines.length, 1 + 53);
        assert.equal(lines[0], 'id,time,account,account_type,actor,type,amount,balance_after,comment,job_id');
        assert.match(all.body, /"Science","shared","admin","adjustment","10","10","'=cmd\|calc",""/);

        const alice = await admin.get('/admin/transactions.csv?account=alice&from=2026-12-02');
        const rows = alice.body.trim().split('\r\n');
        assert.equal(rows.length, 2);
        assert.match(
          rows[1]!,
          /^"\d+","2026-12-02T10:00:00.000Z","alice","personal","alice","print-charge","-0.3","4.7","Essay.pdf","\d+"$/,
        );
      });

      it('refuses other users (403) and signed-out visitors (401)', async () => {
        const user = t.client();
        assert.equal((await user.signIn('alice', USER_PASSWORD)).status, 303);
        assert.equal((await user.get('/admin/transactions')).status, 403);
        assert.equal((await user.get('/admin/transactions.csv')).status, 403);
        const anonymous = t.client();
        assert.equal((await anonymous.get('/admin/transactions')).status, 401);
        assert.equal((await anonymous.get('/admin/transactions.csv')).status, 401);
      });
    },
  );
}
