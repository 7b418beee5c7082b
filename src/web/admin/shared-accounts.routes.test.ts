import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'user-Passphrase-4821';
const ACTOR = { username: 'test', ip: '' };

/** A complete Create/Details form; each test changes what it is about. */
const FORM = { name: 'Science', parent: '', pin: '', notes: '', overdraft: '0' };

/** The account names of a list page, in the order shown. */
const listed = (body: string) =>
  [...body.matchAll(/<th scope="row"><a href="\/admin\/accounts\/\d+">([^<]+)<\/a><\/th>/g)].map(
    (m) => m[1]!,
  );

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Accounts (shared accounts) [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      const shared = () => t.app.services.sharedAccounts;
      const pageOf = async (name: string) => `/admin/accounts/${(await shared().require(name)).id}`;
      const audited = async (action: string) => t.app.services.audit.list({ action });

      before(async () => {
        t = await startTestApp({ kind });
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        await t.createUser({ username: 'alice', password: USER_PASSWORD });
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('is in the navigation after Users, with an empty list and a Create link', async () => {
        const list = await admin.get('/admin/accounts');
        assert.equal(list.status, 200);
        assert.match(
          list.body,
          /<a href="\/admin\/users">Users<\/a><\/li><li><a href="\/admin\/accounts" aria-current="page">Accounts<\/a>/,
        );
        assert.match(list.body, /<h1>Shared accounts<\/h1>/);
        assert.match(list.body, /No shared accounts yet\./);
        assert.match(list.body, /<a class="button" href="\/admin\/accounts\/new">Create shared account<\/a>/);
      });

      it('creates an account and a sub-account with a redirect, a notice and an audit entry', async () => {
        const form = await admin.get('/admin/accounts/new');
        assert.equal(form.status, 200);
        assert.match(form.body, /<label for="field-parent">Parent account<\/label>/);
        let response = await admin.post('/admin/accounts/new', {
          ...FORM,
          pin: ' 4711 ',
          notes: 'Labs\nand library',
          restricted: 'on',
          overdraft: '2.5',
        });
        assert.equal(response.status, 303, response.body);
        const science = await shared().require('Science');
        assert.equal(response.headers.location, `/admin/accounts/${science.id}?done=created`);
        assert.deepEqual(
          [science.pin, science.notes, science.restricted, science.overdraft, science.balance],
          ['4711', 'Labs\nand library', 1, 25_000, 0],
        );
        const [entry] = await audited('shared-account.add');
        assert.equal(entry?.actor, 'admin');
        assert.doesNotMatch(entry?.details ?? '', /4711/, 'the PIN is not in the audit log');
        const page = await admin.get(String(response.headers.location));
        assert.match(page.body, /The shared account Science was created\./);

        response = await admin.post('/admin/accounts/new', { ...FORM, name: 'Physics', parent: 'Science' });
        assert.equal(response.status, 303, response.body);
        assert.equal((await shared().require('Science\\Physics')).parent_id, science.id);
      });

      it('refuses bad input on Create with 400 and the fields’ errors, creating nothing', async () => {
        const before = (await shared().search({ limit: 500 })).rows.length;
        await admin.get('/admin/accounts/new');
        for (const [form, fields] of [
          [{ name: '' }, ['name']],
          [{ name: 'A\\B' }, ['name']],
          [{ name: 'Chem', parent: 'Nowhere' }, ['parent']],
          [{ name: 'Chem', parent: 'Science\\Physics' }, ['parent']],
          [{ name: 'Chem', overdraft: 'lots', parent: 'Nowhere' }, ['overdraft', 'parent']],
          [{ name: 'Chem', overdraft: '-1' }, ['overdraft']],
          [{ name: 'Chem', pin: 'a\u0007b', notes: 'x'.repeat(1001) }, ['pin', 'notes']],
          [{ name: 'Science' }, ['name']],
        ] as const) {
          const response = await admin.post('/admin/accounts/new', { ...FORM, ...form });
          assert.equal(response.status, 400, JSON.stringify(form).slice(0, 80));
          assert.match(response.body, /class="error-summary"/);
          for (const name of fields)
            assert.match(
              response.body,
              new RegExp(`id="field-${name}-error"`),
              `${name}: ${JSON.stringify(form)}`,
            );
        }
        assert.equal((await shared().search({ limit: 500 })).rows.length, before);
      });

      it('filters by name, sorts by a column and pages the list', async () => {
        await shared().adjust('Science\\Physics', 50_000, 'Budget', ACTOR);
        for (let i = 0; i < 49; i++) await shared().add(`Club ${String(i).padStart(2, '0')}`, ACTOR);
        let list = await admin.get('/admin/accounts?name=SCI');
        assert.deepEqual(listed(list.body), ['Science', 'Science\\Physics']);
        assert.match(list.body, /<td>Science<\/td><td>\$5\.00<\/td><td>No<\/td><td>Yes<\/td>/);
        list = await admin.get('/admin/accounts?sort=balance&dir=desc');
        assert.equal(listed(list.body)[0], 'Science\\Physics');
        assert.match(
          list.body,
          /<th scope="col" aria-sort="descending"><a href="\/admin\/accounts\?sort=balance&amp;dir=asc">/,
        );
        list = await admin.get('/admin/accounts');
        assert.equal(listed(list.body).length, 50);
        const next = /<a href="(\/admin\/accounts\?page=2)">Next/.exec(list.body);
        assert.ok(next, 'a Next link');
        list = await admin.get(next[1]!);
        assert.deepEqual(listed(list.body), ['Science\\Physics']);
        assert.match(list.body, /<a href="\/admin\/accounts">Previous/);
        for (const url of [
          '/admin/accounts?sort=constructor',
          '/admin/accounts?page=abc',
          '/admin/accounts?name=%00',
        ])
          assert.equal((await admin.get(url)).status, 200, url);
        assert.match((await admin.get('/admin/accounts?name=nothing')).body, /No shared account matches\./);
      });

      it('saves the details with a redirect and a notice: rename, move, PIN, notes, restriction, enabled', async () => {
        await shared().add('Arts', ACTOR);
        const page = await pageOf('Science\\Physics');
        const shown = await admin.get(page);
        assert.equal(shown.status, 200);
        assert.match(shown.body, /<h1>Shared account Science\\Physics<\/h1>/);
        assert.match(shown.body, /<a href="\/admin\/accounts\/\d+" aria-current="page">Details<\/a>/);
        assert.match(shown.body, /<input id="field-name"[^>]*value="Physics"/);
        assert.match(shown.body, /<input id="field-parent"[^>]*value="Science"/);
        const response = await admin.post(page, {
          ...FORM,
          name: 'Sculpture',
          parent: 'Arts',
          pin: '99',
          notes: 'Studio',
          overdraft: '1',
          restricted: 'on',
        });
        assert.equal(response.status, 303, response.body);
        assert.equal(response.headers.location, `${page}?done=saved`);
        const moved = await shared().require('Arts\\Sculpture');
        assert.deepEqual(
          [moved.pin, moved.notes, moved.restricted, moved.overdraft, moved.enabled, moved.balance],
          ['99', 'Studio', 1, 10_000, 0, 50_000],
          'the unticked box disables it; the balance moves with it',
        );
        assert.match(
          (await admin.get(`${page}?done=saved`)).body,
          /The details of Arts\\Sculpture were saved\./,
        );
        assert.equal((await audited('shared-account.rename'))[0]?.target, 'Science\\Physics');
      });

      it('refuses bad details with 400 and the fields’ errors, changing nothing', async () => {
        const page = await pageOf('Arts\\Sculpture');
        const before = await shared().require('Arts\\Sculpture');
        await admin.get(page);
        for (const [form, fields] of [
          [{ name: '' }, ['name']],
          [{ name: 'Science', parent: '' }, ['name']],
          [{ name: 'X', parent: 'Nowhere', overdraft: '-2' }, ['parent']],
          [{ name: 'X', overdraft: '-2', pin: 'a\nb' }, ['overdraft', 'pin']],
          [{ name: 'Sculpture', parent: 'Arts', notes: 'x'.repeat(10_000) }, ['notes']],
        ] as const) {
          const response = await admin.post(page, { ...FORM, ...form, enabled: 'on' });
          assert.equal(response.status, 400, JSON.stringify(form).slice(0, 80));
          for (const name of fields)
            assert.match(
              response.body,
              new RegExp(`id="field-${name}-error"`),
              `${name}: ${JSON.stringify(form)}`,
            );
        }
        assert.deepEqual(await shared().require('Arts\\Sculpture'), before);
        const parent = await admin.post(await pageOf('Arts'), { ...FORM, name: 'Arts', parent: 'Science' });
        assert.equal(parent.status, 400, 'an account with sub-accounts cannot become one');
        assert.match(parent.body, /has sub-accounts, so it cannot become one/);
      });

      it('deletes after a confirmation page, and refuses a parent with sub-accounts', async () => {
        const parent = await pageOf('Arts');
        const refused = await admin.post(`${parent}/delete`, {});
        assert.equal(refused.status, 409);
        assert.match(refused.body, /Arts has sub-accounts: delete or move them first\./);
        assert.ok(await shared().exists('Arts'));
        const page = await pageOf('Arts\\Sculpture');
        const confirm = await admin.get(`${page}/delete`);
        assert.equal(confirm.status, 200);
        assert.match(confirm.body, /<h1>Delete Arts\\Sculpture\?<\/h1>/);
        assert.match(confirm.body, /with its balance of \$5\.00/);
        const response = await admin.post(`${page}/delete`, {});
        assert.equal(response.status, 303, response.body);
        assert.equal(response.headers.location, '/admin/accounts?done=deleted');
        assert.equal(await shared().exists('Arts\\Sculpture'), false);
        assert.match(
          (await admin.get('/admin/accounts?done=deleted')).body,
          /The shared account was deleted\./,
        );
        assert.equal((await audited('shared-account.delete'))[0]?.target, 'Arts\\Sculpture');
      });

      it('answers 404 for an unknown, malformed or personal account id', async () => {
        const personal = (await t.app.services.accounts.accountOf('alice')).account.id;
        for (const id of ['999999', 'abc', String(personal)]) {
          assert.equal((await admin.get(`/admin/accounts/${id}`)).status, 404, id);
          assert.equal((await admin.post(`/admin/accounts/${id}`, FORM)).status, 404, id);
          assert.equal((await admin.post(`/admin/accounts/${id}/delete`, {})).status, 404, id);
        }
      });

      it('refuses other users (403), signed-out visitors (401) and a wrong CSRF token', async () => {
        const page = await pageOf('Arts');
        const before = await shared().require('Arts');
        const count = (await shared().search({ limit: 500 })).rows.length;
        const user = t.client();
        assert.equal((await user.signIn('alice', USER_PASSWORD)).status, 303);
        const anonymous = t.client();
        await anonymous.get('/admin/login');
        for (const [client, status] of [
          [user, 403],
          [anonymous, 401],
        ] as const) {
          for (const url of ['/admin/accounts', '/admin/accounts/new', page, `${page}/delete`])
            assert.equal((await client.get(url)).status, status, url);
          for (const url of ['/admin/accounts/new', page, `${page}/delete`])
            assert.equal((await client.post(url, { ...FORM, name: 'Intruder' })).status, status, url);
        }
        assert.equal((await admin.post(page, { ...FORM, name: 'Renamed', _csrf: 'bad' })).status, 403);
        assert.equal((await admin.post(`${page}/delete`, { _csrf: 'bad' })).status, 403);
        assert.deepEqual(await shared().require('Arts'), before);
        assert.equal((await shared().search({ limit: 500 })).rows.length, count);
      });
    },
  );
}
