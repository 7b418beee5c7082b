import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { parseAmount } from '../../accounts/money.js';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';
import type { PasswordHasher } from '../../passwords/password-hasher.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const PASSWORD = 'group-Passphrase-4821';
const ACTOR = { username: 'test', ip: '127.0.0.1' };
const EXAMPLES = fileURLToPath(new URL('../../../examples/custom-directory/', import.meta.url));
/** A name a directory may well send: spaces, a slash, a backslash, `#`, `?` and `&`. */
const ODD = 'Lab\\Printers/#1? & Co';
const $ = parseAmount;
/** These tests are about groups, not passwords: a hasher that costs nothing. */
const hasher: PasswordHasher = {
  hash: async (password) => `plain:${password}`,
  verify: async (hashed, password) => hashed === `plain:${password}`,
};
const href = (name: string, suffix = '') => `/admin/groups/${encodeURIComponent(name)}${suffix}`;
const groupNames = (body: string) =>
  [...body.matchAll(/<th scope="row"><a href="\/admin\/groups\/[^"]+">([^<]+)<\/a><\/th>/g)].map(
    (m) => m[1]!,
  );

for (const kind of DATABASE_KINDS) {
  describe(`Admin Console → Groups [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    let admin: TestClient;
    const balance = async (username: string) =>
      (await t.app.services.accounts.accountOf(username)).account.balance;
    const settings = (name: string) => t.app.services.groupAccounts.settings(name);

    before(async () => {
      t = await startTestApp({ kind, ports: { hasher } });
      await t.createUser({ username: 'admin', password: PASSWORD, isAdmin: true });
      await t.createUser({ username: 'erin', password: PASSWORD, fullName: 'Erin Ellis' });
      const source = await t.app.services.sources.add(
        customProgramKind,
        { name: 'Corporate Directory', program: path.join(EXAMPLES, 'users.sh') },
        ACTOR,
      );
      const report = await t.app.services.sync.run(source, { dryRun: false, actor: ACTOR });
      assert.equal(report.status, 'succeeded', report.message);
      await t.app.services.groups.addMember('erin', ODD, ACTOR);
      admin = t.client();
      assert.equal((await admin.signIn('admin', PASSWORD, 'admin')).status, 303);
    });
    afterEach(() => assertLedgerSums(t.app.services));
    after(() => t?.close());

    it('lists every group with its source, members, quota and initial credit, after Users in the menu', async () => {
      const { groupAccounts } = t.app.services;
      await groupAccounts.setQuota('Staff', { amount: $('5'), period: 'weekly', cap: $('20') }, ACTOR);
      await groupAccounts.update('Finance', { new_user_settings: 1, initial_credit: $('10') }, ACTOR);
      const page = await admin.get('/admin/groups');
      assert.equal(page.status, 200);
      assert.match(page.body, /<a href="\/admin\/groups" aria-current="page">Groups<\/a>/);
      assert.ok(page.body.indexOf('>Users</a>') < page.body.indexOf('>Groups</a>'), 'Groups after Users');
      assert.deepEqual(groupNames(page.body), [
        'Finance',
        ODD.replace('&', '&amp;'),
        'Research Team',
        'Staff',
      ]);
      assert.ok(page.body.includes(`<a href="${href(ODD)}">`), 'the odd name is encoded in its link');
      const staff =
        /<tr><th scope="row"><a href="\/admin\/groups\/Staff">.*?<\/tr>/.exec(page.body)?.[0] ?? '';
      assert.match(staff, /<td>Corporate Directory<\/td><td>4<\/td><td>\$5\.00 a week, up to \$20\.00<\/td>/);
      assert.match(staff, /<td>Not for new users<\/td>/);
      const finance =
        /<tr><th scope="row"><a href="\/admin\/groups\/Finance">.*?<\/tr>/.exec(page.body)?.[0] ?? '';
      assert.match(finance, /<td>1<\/td><td>None<\/td><td>\$10\.00<\/td>/);
      const start = page.body.indexOf(`<a href="${href(ODD)}">`);
      const odd = page.body.slice(start, page.body.indexOf('</tr>', start));
      assert.match(odd, /<td>Internal<\/td><td>1<\/td>/);
    });

    it('filters by a part of the name in any case, taking % and _ literally, and pages by the last name', async () => {
      for (let i = 1; i <= 55; i++)
        await t.app.services.groups.create(`Club ${String(i).padStart(2, '0')}`, ACTOR);
      await t.app.services.groups.create('Discount 100%', ACTOR);
      const first = await admin.get('/admin/groups?q=CLUB');
      assert.equal(first.status, 200);
      const names = groupNames(first.body);
      assert.equal(names.length, 50);
      assert.equal(names[0], 'Club 01');
      const next = /<a href="([^"]+)">Next<\/a>/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
      assert.equal(next, '/admin/groups?q=CLUB&after=Club+50');
      const second = await admin.get(next);
      assert.deepEqual(groupNames(second.body), ['Club 51', 'Club 52', 'Club 53', 'Club 54', 'Club 55']);
      assert.match(second.body, /<a href="\/admin\/groups\?q=CLUB">First page<\/a>/);
      assert.doesNotMatch(second.body, />Next</);
      assert.deepEqual(groupNames((await admin.get('/admin/groups?q=search')).body), ['Research Team']);
      assert.deepEqual(groupNames((await admin.get('/admin/groups?q=%25')).body), ['Discount 100%']);
      const none = await admin.get('/admin/groups?q=_');
      assert.deepEqual(groupNames(none.body), []);
      assert.match(none.body, /No groups match\./);
    });

    it("shows a group's page, whatever its name holds, with members linked to their pages", async () => {
      const odd = await admin.get(href(ODD));
      assert.equal(odd.status, 200);
      assert.match(odd.body, /<h1>Group Lab\\Printers\/#1\? &amp; Co<\/h1>/);
      assert.match(odd.body, /An internal group/);
      assert.match(
        odd.body,
        /<th scope="row"><a href="\/admin\/users\/erin">erin<\/a><\/th><td>Erin Ellis<\/td>/,
      );
      assert.ok(odd.body.includes(`action="${href(ODD, '/quota')}"`));
      const staff = await admin.get('/admin/groups/Staff');
      assert.match(
        staff.body,
        /Synchronized from Corporate Directory: its members change there\. 4 members\./,
      );
      for (const name of ['alice', 'bob', 'carol', 'dave'])
        assert.ok(staff.body.includes(`href="/admin/users/${name}"`));
      assert.match(staff.body, /<input id="field-quota_amount" name="quota_amount" type="text" value="5"/);
      assert.equal((await admin.get('/admin/groups/No%20Such%20Group')).status, 404);
      assert.equal((await admin.get(href('!!Internal Users!!'))).status, 404);
    });

    it('pages the members by the last username', async () => {
      for (let i = 1; i <= 51; i++) {
        const username = `member-${String(i).padStart(2, '0')}`;
        await t.createUser({ username, password: PASSWORD });
        await t.app.services.groups.addMember(username, 'Big Group', ACTOR);
      }
      const first = await admin.get('/admin/groups/Big%20Group');
      assert.match(first.body, /51 members\./);
      assert.match(first.body, /member-50/);
      assert.doesNotMatch(first.body, /member-51/);
      const next = /<a href="([^"]+)#members-title">Next<\/a>/.exec(first.body)?.[1];
      assert.equal(next, '/admin/groups/Big%20Group?after=member-50');
      const second = await admin.get(next);
      assert.match(second.body, /member-51/);
      assert.doesNotMatch(second.body, /member-50/);
      assert.match(second.body, /<a href="\/admin\/groups\/Big%20Group#members-title">First page<\/a>/);
    });

    it('saves a quota with a redirect and a notice: a weekly one with a cap, then a custom schedule without', async () => {
      const page = href('Research Team');
      await admin.get(page);
      let response = await admin.post(`${page}/quota`, {
        quota_amount: '2.5',
        quota_period: 'weekly',
        quota_cron: 'ignored',
        quota_cap: '10',
      });
      assert.equal(response.status, 303, response.body);
      assert.equal(response.headers.location, `${page}?done=quota-saved`);
      let saved = await settings('Research Team');
      assert.deepEqual(
        [saved.quota_amount, saved.quota_period, saved.quota_cron, saved.quota_cap],
        [$('2.5'), 'weekly', '', $('10')],
      );
      assert.match(
        (await admin.get(`${page}?done=quota-saved`)).body,
        /The quota of Research Team was saved\./,
      );
      response = await admin.post(`${page}/quota`, {
        quota_amount: '1',
        quota_period: 'cron',
        quota_cron: ' 0 6 * * 1 ',
        quota_cap: '',
      });
      assert.equal(response.status, 303, response.body);
      saved = await settings('Research Team');
      assert.deepEqual([saved.quota_period, saved.quota_cron, saved.quota_cap], ['cron', '0 6 * * 1', null]);
    });

    it('refuses bad quota input with 400 and every field error, writing nothing', async () => {
      const page = href('Research Team');
      const stored = await settings('Research Team');
      await admin.get(page);
      const good = { quota_amount: '1', quota_period: 'daily', quota_cron: '', quota_cap: '' };
      for (const [form, names] of [
        [{ ...good, quota_amount: 'lots' }, ['quota_amount']],
        [{ ...good, quota_amount: '-1', quota_cap: '-5' }, ['quota_amount', 'quota_cap']],
        [{ ...good, quota_amount: '99999999999999' }, ['quota_amount']],
        [{ ...good, quota_period: 'fortnightly' }, ['quota_period']],
        [{ ...good, quota_period: 'constructor' }, ['quota_period']],
        [{ ...good, quota_period: 'cron', quota_cron: 'every day' }, ['quota_cron']],
        [{ ...good, quota_period: 'cron', quota_cron: '' }, ['quota_cron']],
        [{ ...good, quota_cap: 'x' }, ['quota_cap']],
      ] as const) {
        const response = await admin.post(`${page}/quota`, form);
        assert.equal(response.status, 400, JSON.stringify(form));
        assert.match(response.body, /class="error-summary"/);
        for (const name of names) assert.match(response.body, new RegExp(`href="#field-${name}"`), name);
        for (const name of names.filter((n) => n !== 'quota_period'))
          assert.match(response.body, new RegExp(`<input id="field-${name}"[^>]*aria-invalid="true"`), name);
      }
      assert.deepEqual(await settings('Research Team'), stored, 'nothing written');
    });

    it("saves new-user settings, which a new member's account opens with; refuses bad ones", async () => {
      const page = href(ODD);
      await admin.get(page);
      let response = await admin.post(`${page}/initial-settings`, {
        new_user_settings: 'on',
        initial_credit: '7.5',
        initial_restricted: 'on',
        initial_overdraft: '1',
      });
      assert.equal(response.status, 303, response.body);
      assert.equal(response.headers.location, `${page}?done=initial-saved`);
      const notice = await admin.get(String(response.headers.location));
      assert.match(notice.body, /The new-user settings of Lab\\Printers\/#1\? &amp; Co were saved\./);
      assert.match(
        notice.body,
        /<input id="field-new_user_settings" type="checkbox" name="new_user_settings" value="on" checked/,
      );
      await t.createUser({ username: 'frank', password: PASSWORD });
      await t.app.services.groups.addMember('frank', ODD, ACTOR);
      const { account } = await t.app.services.accounts.accountOf('frank');
      assert.deepEqual([account.balance, account.restricted, account.overdraft], [$('7.5'), 1, $('1')]);

      const stored = await settings(ODD);
      const forms: Record<string, string>[] = [
        { new_user_settings: 'on', initial_credit: 'abc', initial_overdraft: '0' },
        { new_user_settings: 'on', initial_credit: '1', initial_overdraft: '-1' },
        { initial_credit: '1', initial_overdraft: '' },
      ];
      for (const form of forms) {
        response = await admin.post(`${page}/initial-settings`, form);
        assert.equal(response.status, 400, JSON.stringify(form));
        assert.match(response.body, /class="field-error" id="field-initial_(credit|overdraft)-error"/);
      }
      assert.deepEqual(await settings(ODD), stored, 'nothing written');
    });

    it('adjusts the balance of every member and says how many were adjusted', async () => {
      const members = ['alice', 'bob', 'carol', 'dave'];
      const before = await Promise.all(members.map(balance));
      await admin.get('/admin/groups/Staff');
      const response = await admin.post('/admin/groups/Staff/adjust', { amount: '2', comment: 'Term start' });
      assert.equal(response.status, 303, response.body);
      assert.equal(response.headers.location, '/admin/groups/Staff?done=members-adjusted&members=4');
      const page = await admin.get(String(response.headers.location));
      assert.match(page.body, /The balances of 4 members of Staff were adjusted\./);
      assert.deepEqual(
        await Promise.all(members.map(balance)),
        before.map((amount) => amount + $('2')),
      );
      const [row] = await t.app.services.accounts.transactions('carol', 1);
      assert.deepEqual([row?.comment, row?.actor, row?.type], ['Term start', 'admin', 'adjustment']);
    });

    it('refuses a bad adjustment with 400 and the field error, changing no balance', async () => {
      const members = ['alice', 'bob', 'carol', 'dave'];
      const before = await Promise.all(members.map(balance));
      await admin.get('/admin/groups/Staff');
      for (const [form, name] of [
        [{ amount: 'ten', comment: '' }, 'amount'],
        [{ amount: '', comment: '' }, 'amount'],
        [{ amount: '0', comment: '' }, 'amount'],
        [{ amount: '99999999999999', comment: '' }, 'amount'],
        [{ amount: '1', comment: 'x'.repeat(10_000) }, 'comment'],
        [{ amount: '1', comment: 'two\nlines' }, 'comment'],
      ] as const) {
        const response = await admin.post('/admin/groups/Staff/adjust', form);
        assert.equal(response.status, 400, JSON.stringify(form).slice(0, 80));
        assert.match(response.body, new RegExp(`id="field-${name}-error"`));
        assert.match(response.body, new RegExp(`<input id="field-${name}"[^>]*aria-invalid="true"`));
      }
      assert.deepEqual(await Promise.all(members.map(balance)), before);
    });

    it('shows only its own fixed notices, whatever the query says', async () => {
      for (const query of [
        'done=members-adjusted&members=abc',
        'done=members-adjusted',
        'done=constructor',
        'done=__proto__&members=1',
      ]) {
        const page = await admin.get(`/admin/groups/Staff?${query}`);
        assert.equal(page.status, 200, query);
        assert.doesNotMatch(page.body, /class="notice notice-success"/, query);
      }
      const none = await admin.get('/admin/groups/Staff?done=members-adjusted&members=0');
      assert.match(none.body, /No member balance of Staff changed\./);
    });

    it('refuses other users (403), signed-out visitors (401) and a wrong CSRF token', async () => {
      const user = t.client();
      assert.equal((await user.signIn('erin', PASSWORD)).status, 303);
      const anonymous = t.client();
      await anonymous.get('/admin/login');
      const before = await balance('alice');
      const stored = await settings('Staff');
      for (const [client, status] of [
        [user, 403],
        [anonymous, 401],
      ] as const) {
        assert.equal((await client.get('/admin/groups')).status, status);
        assert.equal((await client.get('/admin/groups/Staff')).status, status);
        assert.equal((await client.get('/admin/groups/No%20Such%20Group')).status, status);
        assert.equal(
          (await client.post('/admin/groups/Staff/adjust', { amount: '100', comment: '' })).status,
          status,
        );
        assert.equal(
          (await client.post('/admin/groups/Staff/quota', { quota_amount: '9', quota_period: 'daily' }))
            .status,
          status,
        );
        assert.equal(
          (
            await client.post('/admin/groups/Staff/initial-settings', {
              initial_credit: '9',
              initial_overdraft: '0',
            })
          ).status,
          status,
        );
      }
      await admin.get('/admin/groups/Staff');
      assert.equal(
        (await admin.post('/admin/groups/Staff/adjust', { amount: '100', comment: '', _csrf: 'bad' })).status,
        403,
      );
      assert.equal(await balance('alice'), before);
      assert.deepEqual(await settings('Staff'), stored);
    });
  });
}
