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
        assert.match(form.body, /<input id="field-location"[^>]*value="Floor 2"/);
        assert.match(
          form.body,
          /<a href="\/admin\/jobs\?printer=ps1%5Clibrary">Job log of this printer<\/a>/,
        );
        const saved = await admin.post(page, {
          display_name: 'Library mono',
          location: 'Floor 3',
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
        assert.deepEqual([printer.display_name, printer.location], ['Library mono', 'Floor 3']);
        const shown = await admin.get(`${page}?done=printer-saved`);
        assert.match(shown.body, /The printer ps1\\library was saved\./);
      });

      it('saves prices by paper size, offers blank rows to add one, and removes a cleared row', async () => {
        const base = { cost_gray: '0.05', cost_color: '0.25', duplex_discount: '50', enabled: 'on' };
        const saved = await admin.post(page, {
          ...base,
          size_0: 'A3',
          size_gray_0: '0.20',
          size_color_0: '',
          size_1: 'Letter',
          size_gray_1: '0.06',
          size_color_1: '0.30',
        });
        assert.equal(saved.status, 303, saved.body);
        const sizes = async () => (await t.app.services.printers.details('ps1', 'library')).sizeCosts;
        assert.deepEqual(
          (await sizes()).map((cost) => [cost.size, cost.cost_gray, cost.cost_color]).sort(),
          [
            ['A3', 2000, 2500],
            ['Letter', 600, 3000],
          ],
          'a blank colour price in a row is the printer’s own colour price',
        );
        const form = await admin.get(page);
        assert.match(form.body, /<input id="field-size_1"[^>]*value="(A3|Letter)"/);
        assert.match(
          form.body,
          /<input id="field-size_3" name="size_3" type="text" value autocomplete="off"\/>/,
          'two blank rows follow the listed ones',
        );
        assert.doesNotMatch(form.body, /id="field-size_4"/);
        assert.equal(
          (await admin.post(page, { ...base, size_1: 'A3', size_gray_1: '0.2', size_color_1: '0.25' }))
            .status,
          303,
        );
        assert.deepEqual(
          (await sizes()).map((cost) => cost.size),
          ['A3'],
          'the row left out is removed',
        );
      });

      it('adds and removes access groups, refusing an unknown group with the field’s error', async () => {
        await t.app.services.groups.create('Staff', ACTOR);
        const accessGroups = async () =>
          (await t.app.services.printers.details('ps1', 'library')).accessGroups;
        await admin.get(page);
        assert.match((await admin.get(page)).body, /Everyone may print here\./);
        const added = await admin.post(`${page}/access`, { group: 'Staff' });
        assert.equal(added.status, 303, added.body);
        assert.equal(added.headers.location, `${page}?done=printer-access`);
        assert.deepEqual(await accessGroups(), ['Staff']);
        const shown = await admin.get(page);
        assert.match(shown.body, /Only members of these groups may print here:/);
        assert.match(shown.body, /<button type="submit" class="button-secondary">Remove Staff<\/button>/);
        for (const [group, problem] of [
          ['Nobody <b>', 'No group named &quot;Nobody &lt;b>&quot;\\.'],
          ['  ', 'Enter the name of a group\\.'],
        ] as const) {
          const refused = await admin.post(`${page}/access`, { group });
          assert.equal(refused.status, 400);
          assert.match(
            refused.body,
            new RegExp(`<p class="field-error" id="field-group-error">${problem}</p>`),
          );
        }
        assert.deepEqual(await accessGroups(), ['Staff']);
        assert.equal((await admin.post(`${page}/access/remove`, { group: 'Staff' })).status, 303);
        assert.deepEqual(await accessGroups(), []);
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
          [
            { cost_gray: '0', cost_color: '0', duplex_discount: '0', size_0: '', size_gray_0: '1' },
            ['size_0'],
          ],
          [
            { cost_gray: '0', cost_color: '0', duplex_discount: '0', size_0: 'A3', size_color_0: 'x' },
            ['size_color_0'],
          ],
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

      it('deletes a printer after a confirmation page, keeping its jobs in the job log', async () => {
        const doomed = await t.app.services.printers.add({ server: 'ps1', name: 'old-lab' }, ACTOR);
        await t.app.services.charging.charge({
          username: 'alice',
          printer: 'old-lab',
          pages: 1,
          colorPages: 0,
          copies: 1,
          duplex: false,
          paperSize: 'A4',
          documentName: 'Last.pdf',
          clientMachine: 'lab-1',
          origin: 'cli',
        });
        const confirm = await admin.get(`/admin/printers/${doomed.id}/delete`);
        assert.equal(confirm.status, 200);
        assert.match(confirm.body, /<h1>Delete printer ps1\\old-lab<\/h1>/);
        const deleted = await admin.post(`/admin/printers/${doomed.id}/delete`, {});
        assert.equal(deleted.status, 303);
        assert.equal(deleted.headers.location, '/admin/printers?done=printer-deleted');
        assert.match((await admin.get(deleted.headers.location)).body, /The printer was deleted\./);
        assert.equal((await admin.get(`/admin/printers/${doomed.id}`)).status, 404);
        const jobs = await admin.get('/admin/jobs?user=alice');
        assert.match(jobs.body, /Last\.pdf/, 'the job stays in the job log');
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
        for (const path of ['/access', '/access/remove', '/delete']) {
          assert.equal((await user.post(`${page}${path}`, { group: 'Staff' })).status, 403, path);
          assert.equal((await anonymous.post(`${page}${path}`, { group: 'Staff' })).status, 401, path);
        }
        assert.equal((await user.get(`${page}/delete`)).status, 403);
        assert.equal((await admin.post(page, { ...form, _csrf: 'bad' })).status, 403);
        assert.deepEqual(await stored(), before);
      });
    },
  );
}
