import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { parseAmount } from '../../accounts/money.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'user-Passphrase-4821';
const ACTOR = { username: 'test', ip: '' };

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Printers [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      let page = '';
      const stored = async () => t.app.services.printers.require('ps1', 'library');

      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        await t.createUser({ username: 'alice', password: USER_PASSWORD });
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('shows an empty list, then each printer with its prices, linked from the admin frame', async () => {
        let list = await admin.get('/admin/printers');
        assert.equal(list.status, 200);
        assert.match(list.body, /<a href="\/admin\/printers" aria-current="page">Printers<\/a>/);
        assert.match(list.body, /No printers yet\./);
        const printer = await t.app.services.printers.add(
          {
            server: 'ps1',
            name: 'library',
            display_name: 'Library <mono>',
            location: 'Floor 2',
            cost_gray: parseAmount('0.10'),
            cost_color: parseAmount('0.5'),
            duplex_discount: 20,
          },
          ACTOR,
        );
        page = `/admin/printers/${printer.id}`;
        list = await admin.get('/admin/printers');
        assert.match(list.body, new RegExp(`<th scope="row"><a href="${page}">ps1\\\\library</a></th>`));
        assert.match(
          list.body,
          /<td>Library &lt;mono><\/td><td>Floor 2<\/td><td>Yes<\/td><td>\$0\.10<\/td><td>\$0\.50<\/td><td>20%<\/td>/,
        );
      });

      it('saves the cost model with a redirect and a notice', async () => {
        const form = await admin.get(page);
        assert.equal(form.status, 200);
        assert.match(form.body, /<h1>Printer ps1\\library<\/h1>/);
        assert.match(form.body, /<input id="field-cost_gray"[^>]*value="0\.1"/);
        const saved = await admin.post(page, {
          cost_gray: '0.05',
          cost_color: '0.25',
          duplex_discount: '50',
        });
        assert.equal(saved.status, 303, saved.body);
        assert.equal(saved.headers.location, `${page}?done=printer-saved`);
        const printer = await stored();
        assert.deepEqual(
          [printer.cost_gray, printer.cost_color, printer.duplex_discount, printer.enabled],
          [500, 2500, 50, 0],
          'the unticked box disables the printer',
        );
        const shown = await admin.get(`${page}?done=printer-saved`);
        assert.match(shown.body, /The printer ps1\\library was saved\./);
      });

      it('refuses bad prices and discounts with 400 and the field errors, writing nothing', async () => {
        const before = await stored();
        await admin.get(page);
        for (const [form, fields] of [
          [{ cost_gray: 'cheap', cost_color: '-1', duplex_discount: '10' }, ['cost_gray', 'cost_color']],
          [{ cost_gray: '99999999999999', cost_color: '0', duplex_discount: '10' }, ['cost_gray']],
          [{ cost_gray: '0', cost_color: '0', duplex_discount: '101' }, ['duplex_discount']],
          [{ cost_gray: '0', cost_color: '0', duplex_discount: '2.5' }, ['duplex_discount']],
          [{ cost_gray: '0', cost_color: '0', duplex_discount: 'x'.repeat(10_000) }, ['duplex_discount']],
        ] as const) {
          const response = await admin.post(page, { ...form, enabled: 'on' });
          assert.equal(response.status, 400, JSON.stringify(form).slice(0, 80));
          for (const name of fields)
            assert.match(
              response.body,
              new RegExp(`<input id="field-${name}"[^>]*aria-invalid="true"`),
              name,
            );
        }
        assert.deepEqual(await stored(), before);
      });

      it('answers 404 for an unknown or malformed id', async () => {
        assert.equal((await admin.get('/admin/printers/999999')).status, 404);
        assert.equal((await admin.get('/admin/printers/abc')).status, 404);
        assert.equal((await admin.post('/admin/printers/999999', { cost_gray: '1' })).status, 404);
        await assert.rejects(t.app.services.printers.requireById(999_999), /No printer with id 999999/);
      });

      it('refuses other users (403), signed-out visitors (401) and a wrong CSRF token', async () => {
        const before = await stored();
        const form = { cost_gray: '9', cost_color: '9', duplex_discount: '0', enabled: 'on' };
        const user = t.client();
        assert.equal((await user.signIn('alice', USER_PASSWORD)).status, 303);
        assert.equal((await user.get('/admin/printers')).status, 403);
        assert.equal((await user.post(page, form)).status, 403);
        const anonymous = t.client();
        await anonymous.get('/admin/login');
        assert.equal((await anonymous.get(page)).status, 401);
        assert.equal((await anonymous.post(page, form)).status, 401);
        assert.equal((await admin.post(page, { ...form, _csrf: 'bad' })).status, 403);
        assert.deepEqual(await stored(), before);
      });
    },
  );
}
