import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { SourceRow } from '../../db/schema.js';
import {
  startTestApp,
  TEST_ORIGIN,
  type TestApp,
  type TestClient,
  type TestResponse,
} from '../../test-support/harness.js';
import { THROTTLED_SIGNIN } from '../../auth/auth.service.js';
import { cookieNames } from '../security.js';
import { registerAdminRoutes } from './admin.routes.js';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/custom-directory/', import.meta.url));
const ACTOR = { username: 'test', ip: '127.0.0.1' };
const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const USER_PASSWORD = 'plain-user-Pass-7351';
const HELP_TEXT = 'Contact the IT Service Desk, ext. 4357';

/**
 * Every admin route that needs admin rights, as registered. The test "lists every guarded route"
 * keeps this table complete.
 */
const GUARDED_ROUTES: [method: 'GET' | 'POST', pattern: string][] = [
  ['GET', '/admin/users'],
  ['GET', '/admin/users.csv'],
  ['POST', '/admin/users/bulk'],
  ['POST', '/admin/users/bulk-delete'],
  ['GET', '/admin/create-internal-user'],
  ['POST', '/admin/create-internal-user'],
  ['GET', '/admin/users/:username'],
  ['POST', '/admin/users/:username'],
  ['GET', '/admin/users/:username/password'],
  ['POST', '/admin/users/:username/password'],
  ['GET', '/admin/users/:username/delete'],
  ['POST', '/admin/users/:username/delete'],
  ['GET', '/admin/users/:username/two-factor/reset'],
  ['POST', '/admin/users/:username/two-factor/reset'],
  ['POST', '/admin/users/:username/disable'],
  ['POST', '/admin/users/:username/enable'],
  ['POST', '/admin/users/:username/admin'],
  ['GET', '/admin/users/:username/account'],
  ['POST', '/admin/users/:username/account/adjust'],
  ['POST', '/admin/users/:username/account/settings'],
  ['POST', '/admin/users/:username/account/enable-printing'],
  ['GET', '/admin/users/:username/jobs'],
  ['GET', '/admin/groups'],
  ['GET', '/admin/groups/:name'],
  ['POST', '/admin/groups/:name/admin-access'],
  ['POST', '/admin/groups/:name/quota'],
  ['POST', '/admin/groups/:name/initial-settings'],
  ['POST', '/admin/groups/:name/adjust'],
  ['GET', '/admin/accounts'],
  ['GET', '/admin/accounts/new'],
  ['POST', '/admin/accounts/new'],
  ['GET', '/admin/accounts/:id'],
  ['POST', '/admin/accounts/:id'],
  ['POST', '/admin/accounts/:id/enable'],
  ['GET', '/admin/accounts/:id/delete'],
  ['POST', '/admin/accounts/:id/delete'],
  ['GET', '/admin/accounts/:id/access'],
  ['POST', '/admin/accounts/:id/access/users'],
  ['POST', '/admin/accounts/:id/access/users/remove'],
  ['POST', '/admin/accounts/:id/access/groups'],
  ['POST', '/admin/accounts/:id/access/groups/remove'],
  ['GET', '/admin/accounts/:id/adjust'],
  ['POST', '/admin/accounts/:id/adjust'],
  ['GET', '/admin/accounts/:id/transactions'],
  ['GET', '/admin/printers'],
  ['GET', '/admin/printers/:id'],
  ['POST', '/admin/printers/:id'],
  ['POST', '/admin/printers/:id/access'],
  ['POST', '/admin/printers/:id/access/remove'],
  ['GET', '/admin/printers/:id/delete'],
  ['POST', '/admin/printers/:id/delete'],
  ['POST', '/admin/printers/:id/queue'],
  ['POST', '/admin/printers/:id/members'],
  ['POST', '/admin/printers/:id/held/:jobId/release'],
  ['POST', '/admin/printers/:id/held/:jobId/cancel'],
  ['GET', '/admin/dashboard'],
  ['GET', '/admin/jobs'],
  ['GET', '/admin/jobs.csv'],
  ['GET', '/admin/transactions'],
  ['GET', '/admin/transactions.csv'],
  ['POST', '/admin/users/:username/end-sessions'],
  ['POST', '/admin/users/:username/clear-lock'],
  ['POST', '/admin/users/:username/send-reset-email'],
  ['POST', '/admin/users/:username/expiry'],
  ['GET', '/admin/batch-import'],
  ['POST', '/admin/batch-import/import'],
  ['POST', '/admin/batch-import'],
  ['GET', '/admin/options'],
  ['POST', '/admin/options'],
  ['GET', '/admin/options/email'],
  ['POST', '/admin/options/email'],
  ['POST', '/admin/options/email/test'],
  ['GET', '/admin/options/web-services'],
  ['POST', '/admin/options/web-services'],
  ['POST', '/admin/options/web-services/tokens'],
  ['GET', '/admin/options/web-services/tokens/:id/revoke'],
  ['POST', '/admin/options/web-services/tokens/:id/revoke'],
  ['GET', '/admin/audit'],
  ['GET', '/admin/audit.csv'],
  ['GET', '/admin/operations'],
  ['GET', '/admin/sources'],
  ['POST', '/admin/sources'],
  ['GET', '/admin/sources/new-:kind'],
  ['POST', '/admin/sources/new-:kind'],
  ['GET', '/admin/sources/:id/edit'],
  ['POST', '/admin/sources/:id/edit'],
  ['GET', '/admin/sources/:id/options'],
  ['POST', '/admin/sources/:id/options'],
  ['POST', '/admin/sources/:id/primary'],
  ['GET', '/admin/sources/:id/remove'],
  ['POST', '/admin/sources/:id/remove'],
  ['POST', '/admin/sources/:id/sync'],
  ['GET', '/admin/sync-runs/:id'],
  ['POST', '/admin/sync-runs/:id/cancel'],
  ['GET', '/admin/sync-runs/:id/convert'],
  ['POST', '/admin/sync-runs/:id/convert'],
  ['GET', '/admin/sources/:id/edit-:kind'],
  ['POST', '/admin/sources/:id/edit-:kind'],
  ['GET', '/admin/options/single-sign-on'],
  ['GET', '/admin/options/single-sign-on/new'],
  ['POST', '/admin/options/single-sign-on/new'],
  ['GET', '/admin/options/single-sign-on/:id'],
  ['POST', '/admin/options/single-sign-on/:id'],
  ['POST', '/admin/options/single-sign-on/:id/remove'],
];
const PUBLIC_ROUTES = ['GET /admin', 'GET /admin/login', 'POST /admin/login', 'POST /admin/logout'];

function location(response: TestResponse): string {
  return String(response.headers.location ?? '');
}

/** Table rows of the Users list that link to a user page, in order. */
function listedUsernames(body: string): string[] {
  return [...body.matchAll(/<td><a href="\/admin\/users\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));
}

describe('Admin Console routes', () => {
  let t: TestApp;
  let admin: TestClient;
  let corporate: SourceRow;

  const users = () => t.app.services.users;
  const createUser = (username: string, extra: Record<string, unknown> = {}) =>
    t.createUser({ username, password: USER_PASSWORD, ...extra });

  /** A client signed in to the User Web Interface, with its session's CSRF token loaded. */
  async function signedInUser(username: string, password = USER_PASSWORD): Promise<TestClient> {
    const client = t.client();
    const response = await client.signIn(username, password);
    assert.equal(response.status, 303, `${username} logs in`);
    await client.get('/user/summary');
    return client;
  }

  before(async () => {
    t = await startTestApp();
    await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, fullName: 'Ada Admin', isAdmin: true });
    await createUser('plainuser', { fullName: 'Plain User' });
    await createUser('target', { fullName: 'Tara Target' });
    corporate = await t.app.services.sources.add(
      customProgramKind,
      {
        name: 'Corporate Directory',
        program: path.join(EXAMPLES, 'users.sh'),
        authProgram: path.join(EXAMPLES, 'auth.sh'),
      },
      ACTOR,
    );
    const report = await t.app.services.sync.run(corporate, { dryRun: false, actor: ACTOR });
    assert.equal(report.status, 'succeeded', report.message);
    admin = t.client();
    const signedIn = await admin.signIn('admin', ADMIN_PASSWORD, 'admin');
    assert.equal(signedIn.status, 303);
    await admin.get('/admin/users');
  });

  after(async () => {
    await t?.close();
  });

  describe('access control', () => {
    const urlOf = (pattern: string) =>
      pattern
        .replace(':username', 'target')
        .replace(':name', 'Staff')
        .replace(':jobId', '1')
        .replace(':id', '1')
        .replace(':kind', 'ldap');

    it('lists every guarded route: the table covers all that the module registers', async () => {
      const probe = Fastify();
      const registered: string[] = [];
      probe.addHook('onRoute', (route) => {
        for (const method of [route.method].flat())
          if (method !== 'HEAD') registered.push(`${method} ${route.url}`);
      });
      registerAdminRoutes(probe, {
        services: t.app.services,
        config: t.app.config,
        cookies: cookieNames(false),
        organization: async () => 'Quire',
      });
      await probe.ready();
      await probe.close();
      assert.deepEqual(
        registered.sort(),
        [...GUARDED_ROUTES.map(([method, pattern]) => `${method} ${pattern}`), ...PUBLIC_ROUTES].sort(),
      );
    });

    for (const [method, pattern] of GUARDED_ROUTES) {
      it(`answers ${method} ${pattern} with 401 and the log-in page when signed out`, async () => {
        const client = t.client();
        await client.get('/admin/login'); // a browser would hold the anonymous CSRF cookie
        const response =
          method === 'GET'
            ? await client.get(urlOf(pattern))
            : await client.post(urlOf(pattern), { grant: 'on' });
        assert.equal(response.status, 401);
        assert.match(response.body, /Admin Console log in/);
      });

      it(`answers ${method} ${pattern} with 403 for a signed-in user without admin rights`, async () => {
        const client = await signedInUser('plainuser');
        const response =
          method === 'GET'
            ? await client.get(urlOf(pattern))
            : await client.post(urlOf(pattern), { grant: 'on', dryRun: 'on' });
        assert.equal(response.status, 403);
        assert.match(response.body, /plainuser, who does not have administrator access/);
        assert.match(
          response.body,
          /action="\/(admin|user)\/logout"/,
          'the refused user can log out from the 403 page',
        );
        assert.match(
          response.body,
          /href="\/user">Go to the User Web Interface/,
          'and is led back to /user, not to the console again',
        );
      });
    }

    it('changed nothing while refusing those requests', async () => {
      const target = await users().findByUsername('target');
      assert.equal(target?.disabled, 0);
      assert.equal(target?.is_admin, 0);
      assert.equal((await t.app.services.sync.listRuns()).length, 1, 'only the set-up run exists');
    });
  });

  describe('log in and out', () => {
    it('redirects /admin to the Dashboard', async () => {
      const response = await admin.get('/admin');
      assert.equal(response.status, 302);
      assert.equal(location(response), '/admin/dashboard');
    });

    it('lands an administrator on the Dashboard after sign-in, and sends one signed in already there', async () => {
      const client = t.client();
      const response = await client.signIn('admin', ADMIN_PASSWORD, 'admin');
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/dashboard');
      assert.equal((await client.get('/admin/dashboard')).status, 200);
      const again = await client.get('/admin/login');
      assert.equal(again.status, 302);
      assert.equal(location(again), '/admin/dashboard');
    });

    it('signs an administrator in and continues to the page asked for', async () => {
      const client = t.client();
      await client.get('/admin/login');
      const response = await client.post('/admin/login', {
        username: 'ADMIN',
        password: ADMIN_PASSWORD,
        next: '/admin/options',
      });
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/options');
      assert.equal((await client.get('/admin/options')).status, 200);
    });

    it('ignores a next address on another site', async () => {
      const client = t.client();
      await client.get('/admin/login');
      const response = await client.post('/admin/login', {
        username: 'admin',
        password: ADMIN_PASSWORD,
        next: '//evil.example/',
      });
      assert.equal(location(response), '/admin/dashboard');
    });

    it('shows the log-in page again with 401 after a wrong password', async () => {
      const client = t.client();
      const response = await client.signIn('admin', 'not the password', 'admin');
      assert.equal(response.status, 401);
      assert.match(response.body, /The username or password is not correct\./);
      assert.match(response.body, /value="admin"/);
    });

    it('refuses a user without admin rights with 403 and starts no session', async () => {
      const client = t.client();
      const response = await client.signIn('plainuser', USER_PASSWORD, 'admin');
      assert.equal(response.status, 403);
      assert.match(response.body, /plainuser does not have administrator access/);
      assert.equal(client.cookies.has('quire_session'), false);
      assert.equal((await client.get('/admin/users')).status, 401);
      assert.equal((await client.get('/user/summary')).status, 401);
    });

    it('logs out and ends the session', async () => {
      const client = t.client();
      await client.signIn('admin', ADMIN_PASSWORD, 'admin');
      await client.get('/admin/users');
      const response = await client.post('/admin/logout', {});
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/login');
      assert.equal((await client.get('/admin/users')).status, 401);
    });
  });

  describe('CSRF protection', () => {
    const url = '/admin/users/csrfvictim/disable';

    async function postRaw(form: Record<string, string>, origin = TEST_ORIGIN) {
      const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      return t.server.inject({
        method: 'POST',
        url,
        payload: new URLSearchParams(form).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie },
      });
    }

    before(async () => {
      await createUser('csrfvictim');
      await admin.get('/admin/users/csrfvictim');
    });

    it('refuses a state-changing form without a CSRF token', async () => {
      assert.equal((await postRaw({})).statusCode, 403);
    });

    it('refuses a form with a wrong CSRF token', async () => {
      assert.equal((await admin.post(url, { _csrf: 'not-the-token' })).status, 403);
    });

    it('refuses a form posted from another site, even with the right token', async () => {
      assert.equal((await postRaw({ _csrf: admin.csrf }, 'https://evil.example')).statusCode, 403);
      assert.equal((await admin.post(url, {}, { origin: 'https://evil.example' })).status, 403);
    });

    it('left the user enabled after the refused forms', async () => {
      assert.equal((await users().findByUsername('csrfvictim'))?.disabled, 0);
    });
  });

  describe('Create internal user', () => {
    const form = {
      username: 'Newbie',
      fullName: 'Nora Newbie',
      email: 'nora@example.org',
      department: 'Library',
      office: 'Room 12',
      notes: 'Started in May',
      cardNumber: '5550001',
      cardNumber2: '5550002',
      password: 'nora-first-Pass-4821',
      confirmPassword: 'nora-first-Pass-4821',
      mustChangePassword: 'on',
      isAdmin: 'on',
    };

    it('shows the form with every field labelled', async () => {
      const response = await admin.get('/admin/create-internal-user');
      assert.equal(response.status, 200);
      for (const name of Object.keys(form))
        assert.match(response.body, new RegExp(`<label for="field-${name}">`), name);
    });

    it('creates the user and goes to their page with a notice', async () => {
      const response = await admin.post('/admin/create-internal-user', form);
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/users/newbie?done=created');
      const page = await admin.get(location(response));
      assert.match(page.body, /The user newbie was created\./);
      const row = await users().findByUsername('newbie');
      assert.equal(row?.full_name, 'Nora Newbie');
      assert.equal(row?.card_number2, '5550002');
      assert.equal(row?.notes, 'Started in May');
      assert.equal(row?.is_admin, 1);
      assert.equal(row?.must_change_password, 1);
    });

    it('refuses a username that is taken (400) and keeps the entered values but not the passwords', async () => {
      const response = await admin.post('/admin/create-internal-user', {
        ...form,
        username: 'NEWBIE',
        fullName: 'Second Nora',
      });
      assert.equal(response.status, 400);
      assert.match(response.body, /A user named &quot;newbie&quot; already exists\./);
      assert.match(response.body, /value="Second Nora"/);
      assert.match(response.body, /Started in May<\/textarea>/);
      assert.doesNotMatch(response.body, /nora-first-Pass-4821/);
    });

    it('refuses a username holding "/" with 400', async () => {
      const response = await admin.post('/admin/create-internal-user', { ...form, username: 'a/b' });
      assert.equal(response.status, 400);
      assert.match(response.body, /Usernames may not contain/);
      assert.match(response.body, /value="a\/b"/);
      assert.equal(await users().findByUsername('a/b'), undefined);
    });

    it('refuses a common password with 400', async () => {
      const response = await admin.post('/admin/create-internal-user', {
        ...form,
        username: 'commoner',
        password: 'password1',
        confirmPassword: 'password1',
      });
      assert.equal(response.status, 400);
      assert.match(response.body, /one of the most commonly used passwords/);
      assert.equal(await users().findByUsername('commoner'), undefined);
    });

    it('refuses two different passwords with 400', async () => {
      const response = await admin.post('/admin/create-internal-user', {
        ...form,
        username: 'mismatch',
        confirmPassword: 'something-else-4821',
      });
      assert.equal(response.status, 400);
      assert.match(response.body, /Confirm password: The two passwords do not match\./);
      assert.match(response.body, /value="mismatch"/);
      assert.match(response.body, /value="on" checked/);
      assert.equal(await users().findByUsername('mismatch'), undefined);
    });

    it('lists every problem of the form at once, not one at a time', async () => {
      const response = await admin.post('/admin/create-internal-user', {
        ...form,
        username: 'a/b',
        email: 'not-an-email',
        confirmPassword: 'something-else-4821',
      });
      assert.equal(response.status, 400);
      assert.match(response.body, /may not contain/);
      assert.match(response.body, /Enter an email address/);
      assert.match(response.body, /The two passwords do not match/);
    });
  });

  describe('Users list', () => {
    before(async () => {
      await createUser('quinn', {
        fullName: 'Zephyr Quinton',
        email: 'zq@mail.example',
        cardNumber: '778899',
      });
      await createUser('sorta', { fullName: 'Aardvark Sorter', department: 'Zoology' });
      await createUser('sortb', { fullName: 'Zebra Sorter', department: 'Zoology' });
      // 55 users straight into the table: hashing 55 passwords would only slow the test down.
      const now = new Date().toISOString();
      const blank = {
        full_name: '',
        full_name_key: '',
        email: '',
        email_key: '',
        department: '',
        office: '',
        notes: '',
        card_number: '',
        card_number2: '',
      };
      const rows = Array.from({ length: 55 }, (_, i) => ({
        ...blank,
        username: `pageuser-${String(i + 1).padStart(3, '0')}`,
        source_id: null,
        external_id: null,
        password_hash: null,
        is_admin: 0 as const,
        disabled: 0 as const,
        must_change_password: 0 as const,
        created_at: now,
        updated_at: now,
      }));
      await t.app.database.db.insertInto('users').values(rows).execute();
    });

    it('lists users with the columns and a link to create an internal user', async () => {
      const response = await admin.get('/admin/users');
      assert.equal(response.status, 200);
      for (const column of ['Username', 'Full name', 'Email', 'Department', 'Source', 'Status'])
        assert.match(response.body, new RegExp(`<th scope="col"[^>]*>(<a [^>]+>)?${column}`));
      assert.match(
        response.body,
        /<a class="button" href="\/admin\/create-internal-user">Create internal user<\/a>/,
      );
      assert.match(response.body, /<form method="get" action="\/admin\/users"/);
      assert.match(response.body, /<label for="field-q">Quick find<\/label>/);
      assert.match(response.body, /<span class="badge">Admin<\/span>/);
      assert.match(response.body, /<td>Corporate Directory<\/td>/);
    });

    for (const [what, q] of [
      ['username prefix', 'QUI'],
      ['full name prefix', 'zephyr q'],
      ['email prefix', 'zq@mail'],
      ['card number', '778899'],
    ] as const) {
      it(`finds a user by ${what}`, async () => {
        const response = await admin.get(`/admin/users?q=${encodeURIComponent(q)}`);
        assert.equal(response.status, 200);
        assert.deepEqual(listedUsernames(response.body), ['quinn']);
        assert.match(response.body, new RegExp(`value="${q}"`), 'the search box keeps the query');
      });
    }

    it("filters by source: internal users only, or one source's users", async () => {
      const internal = listedUsernames((await admin.get('/admin/users?source=internal&q=a')).body);
      assert.ok(internal.includes('admin'));
      assert.ok(!internal.includes('alice'), 'alice comes from Corporate Directory');
      const corporateOnly = listedUsernames((await admin.get(`/admin/users?source=${corporate.id}`)).body);
      assert.deepEqual(corporateOnly, ['alice', 'bob', 'carol', 'dave']);
    });

    it('sorts by full name, descending, from a column header link', async () => {
      const list = await admin.get('/admin/users?q=sort');
      assert.deepEqual(listedUsernames(list.body), ['sorta', 'sortb']);
      assert.match(list.body, /href="\/admin\/users\?q=sort&amp;sort=full_name&amp;dir=asc"/);
      const response = await admin.get('/admin/users?q=sort&sort=full_name&dir=desc');
      assert.deepEqual(listedUsernames(response.body), ['sortb', 'sorta']);
      assert.match(response.body, /aria-sort="descending"/);
    });

    it('pages through 50 users at a time with Previous and Next links', async () => {
      const first = await admin.get('/admin/users?q=pageuser-');
      assert.equal(listedUsernames(first.body).length, 50);
      assert.match(first.body, /href="\/admin\/users\?q=pageuser-&amp;page=2">Next/);
      assert.doesNotMatch(first.body, />Previous</);
      const second = await admin.get('/admin/users?q=pageuser-&page=2');
      assert.deepEqual(listedUsernames(second.body), [
        'pageuser-051',
        'pageuser-052',
        'pageuser-053',
        'pageuser-054',
        'pageuser-055',
      ]);
      assert.match(second.body, /href="\/admin\/users\?q=pageuser-">Previous/);
      assert.doesNotMatch(second.body, />Next</);
    });

    it('treats unknown or malformed query parameters as the defaults instead of failing', async () => {
      for (const query of [
        'sort=password_hash',
        'dir=sideways',
        'page=abc',
        'page=-3',
        'page=0',
        'page=99999999999',
        'source=999',
        'source=1%20or%201=1',
        'q=a&q=b',
        'q=%00%FF',
        `q=${'x'.repeat(5000)}`,
      ]) {
        const response = await admin.get(`/admin/users?${query}`);
        assert.equal(response.status, 200, query);
      }
      assert.deepEqual(listedUsernames((await admin.get('/admin/users?q=sort&sort=nope&dir=up')).body), [
        'sorta',
        'sortb',
      ]);
    });
  });

  describe('user page', () => {
    it("shows an internal user's Details tab with Internal User Settings and a Change Password link", async () => {
      const response = await admin.get('/admin/users/target');
      assert.equal(response.status, 200);
      assert.match(response.body, /<a href="\/admin\/users\/target" aria-current="page">Details<\/a>/);
      assert.match(response.body, /<h2 id="internal-title">Internal User Settings<\/h2>/);
      assert.match(response.body, /This is an internally managed user/);
      assert.match(response.body, /<a href="\/admin\/users\/target\/password">Change Password<\/a>/);
      assert.equal(response.body.match(/<h1[ >]/g)?.length, 1, 'one h1');
    });

    it('shows a synced user without Internal User Settings, names the source and makes its fields read-only', async () => {
      const response = await admin.get('/admin/users/alice');
      assert.equal(response.status, 200);
      assert.doesNotMatch(response.body, /Internal User Settings/);
      assert.doesNotMatch(response.body, /This is an internally managed user/);
      assert.doesNotMatch(response.body, /\/password"/);
      assert.match(response.body, /This user is synchronized from Corporate Directory\./);
      assert.match(
        response.body,
        /Their password is managed by Corporate Directory; reset it in that system\./,
      );
      assert.match(
        response.body,
        /<input id="field-fullName" name="fullName" type="text" value="Alice Andersen"[^>]* readonly/,
      );
      assert.match(
        response.body,
        /<input id="field-cardNumber" name="cardNumber" type="text" value="1000"[^>]* readonly/,
      );
      assert.doesNotMatch(response.body, /<textarea[^>]* readonly/, 'notes stay editable');
    });

    it("refuses to change a synced user's full name (400) but saves their notes", async () => {
      const page = await admin.get('/admin/users/bob');
      assert.equal(page.status, 200);
      const owned = {
        fullName: 'Bob Builder',
        email: 'bob@example.org',
        department: 'Facilities',
        office: 'Building 2',
        cardNumber: '1001',
        cardNumber2: '',
      };
      const refused = await admin.post('/admin/users/bob', {
        ...owned,
        fullName: 'Robert Builder',
        notes: 'x',
      });
      assert.equal(refused.status, 400);
      assert.match(refused.body, /Full name is managed by the directory source and cannot be changed here\./);
      assert.match(refused.body, /value="Bob Builder"/, 'the read-only field shows the stored value');
      const saved = await admin.post('/admin/users/bob', { ...owned, notes: 'Keys to the print room' });
      assert.equal(saved.status, 303);
      assert.equal(location(saved), '/admin/users/bob?done=saved');
      const row = await users().findByUsername('bob');
      assert.equal(row?.full_name, 'Bob Builder');
      assert.equal(row?.notes, 'Keys to the print room');
    });

    it("saves an internal user's details and refuses a malformed email with 400", async () => {
      await createUser('editme');
      const details = {
        fullName: 'Edit Me',
        email: 'edit@example.org',
        department: 'Art',
        office: 'Annex',
        notes: 'n',
        cardNumber: '42',
        cardNumber2: '43',
      };
      const saved = await admin.post('/admin/users/editme', details);
      assert.equal(saved.status, 303);
      assert.match((await admin.get(location(saved))).body, /The details were saved\./);
      assert.equal((await users().findByUsername('editme'))?.department, 'Art');
      const refused = await admin.post('/admin/users/editme', { ...details, email: 'not an email' });
      assert.equal(refused.status, 400);
      assert.match(refused.body, /Enter an email address like name@example\.org\./);
      assert.match(refused.body, /value="not an email"/);
    });

    it('links to and opens users whose names hold spaces, "#", "?" and other scripts', async () => {
      await createUser('ann marie#1?é');
      const list = await admin.get('/admin/users?q=ann%20marie');
      assert.match(list.body, /href="\/admin\/users\/ann%20marie%231%3F%C3%A9"/);
      const page = await admin.get('/admin/users/ann%20marie%231%3F%C3%A9');
      assert.equal(page.status, 200);
      assert.match(page.body, /action="\/admin\/users\/ann%20marie%231%3F%C3%A9\/disable"/);
    });

    it('answers an unknown user, or a name holding "/", with 404', async () => {
      assert.equal((await admin.get('/admin/users/nobody-here')).status, 404);
      assert.equal((await admin.get('/admin/users/a%2Fb')).status, 404);
      assert.equal((await admin.post('/admin/users/nobody-here/disable', {})).status, 404);
      assert.equal((await admin.get('/admin/users/%E0%A4%A')).status, 400);
    });

    it('shows the full name holding markup as text in the Users list and on the user page', async () => {
      await createUser('xss', { fullName: '<script>alert(1)</script>' });
      for (const url of ['/admin/users?q=xss', '/admin/users/xss']) {
        const response = await admin.get(url);
        // preact-render-to-string escapes "<" and "&" in text ("&lt;script>"), which is enough.
        assert.match(response.body, /&lt;script(&gt;|>)alert\(1\)&lt;\/script/, url);
        assert.doesNotMatch(response.body, /<script/i, url);
      }
    });

    it('ignores notice keys it does not know, so a link cannot put words on the page', async () => {
      const response = await admin.get('/admin/users/target?done=constructor');
      assert.equal(response.status, 200);
      assert.doesNotMatch(response.body, /role="status"/);
    });
  });

  describe('Change Password', () => {
    const NEW_PASSWORD = 'carl-second-Pass-9375';

    before(async () => {
      await createUser('carl');
    });

    it("sets the password, ends the user's sessions and records user.password.reset", async () => {
      const carl = await signedInUser('carl');
      assert.equal((await carl.get('/user/summary')).status, 200);

      const form = await admin.get('/admin/users/carl/password');
      assert.equal(form.status, 200);
      assert.match(
        form.body,
        /<label for="field-mustChangePassword">User must change password at next login<\/label>/,
      );
      const response = await admin.post('/admin/users/carl/password', {
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      });
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/users/carl?done=password');
      assert.match(
        (await admin.get(location(response))).body,
        /Password changed\. All of carl's sessions were ended\./,
      );

      assert.equal((await carl.get('/user/summary')).status, 401, 'the session carl had is over');
      assert.equal(
        (await t.client().signIn('carl', USER_PASSWORD)).status,
        401,
        'the old password no longer works',
      );
      const signIn = await t.client().signIn('carl', NEW_PASSWORD);
      assert.equal(signIn.status, 303);
      assert.equal(location(signIn), '/user/summary');

      const [entry] = await t.app.services.audit.list({ action: 'user.password.reset', user: 'carl' });
      assert.equal(entry?.actor, 'admin');
      assert.equal(entry?.target, 'carl');
    });

    it('makes the user change the password at their next sign-in when asked to', async () => {
      const response = await admin.post('/admin/users/carl/password', {
        password: 'carl-third-Pass-1234',
        confirmPassword: 'carl-third-Pass-1234',
        mustChangePassword: 'on',
      });
      assert.equal(response.status, 303);
      const signIn = await t.client().signIn('carl', 'carl-third-Pass-1234');
      assert.equal(signIn.status, 303);
      assert.equal(location(signIn), '/user/change-details?required=1');
    });

    it('re-renders with 400 for two different passwords or a password the policy refuses', async () => {
      const mismatch = await admin.post('/admin/users/carl/password', {
        password: 'carl-fourth-Pass-1',
        confirmPassword: 'carl-fourth-Pass-2',
        mustChangePassword: 'on',
      });
      assert.equal(mismatch.status, 400);
      assert.match(mismatch.body, /The two passwords do not match\./);
      assert.match(mismatch.body, /value="on" checked/, 'the checkbox keeps its state');
      const common = await admin.post('/admin/users/carl/password', {
        password: 'password1',
        confirmPassword: 'password1',
      });
      assert.equal(common.status, 400);
      assert.match(common.body, /one of the most commonly used passwords/);
      const short = await admin.post('/admin/users/carl/password', {
        password: 'Ab1',
        confirmPassword: 'Ab1',
      });
      assert.equal(short.status, 400);
      assert.match(short.body, /at least 8 characters/);
    });

    it('refuses the Change Password page of a synced user: the source manages that password', async () => {
      for (const response of [
        await admin.get('/admin/users/carol/password'),
        await admin.post('/admin/users/carol/password', {
          password: NEW_PASSWORD,
          confirmPassword: NEW_PASSWORD,
        }),
      ]) {
        assert.equal(response.status, 403);
        assert.match(
          response.body,
          /The password of carol is managed by Corporate Directory; reset it in that system\./,
        );
        assert.doesNotMatch(response.body, /type="password"/);
      }
    });
  });

  describe('account actions', () => {
    before(async () => {
      await createUser('dora');
      await createUser('ellen', { fullName: 'Ellen Exit' });
    });

    it('disables a user: they are signed out and can no longer sign in', async () => {
      const dora = await signedInUser('dora');
      const response = await admin.post('/admin/users/dora/disable', {});
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/users/dora?done=disabled');
      const page = await admin.get(location(response));
      assert.match(page.body, /dora was disabled and signed out everywhere\./);
      assert.match(page.body, /<span class="badge">Disabled<\/span>/);
      assert.match(page.body, /action="\/admin\/users\/dora\/enable"/);
      assert.equal((await dora.get('/user/summary')).status, 401);
      assert.equal((await t.client().signIn('dora', USER_PASSWORD)).status, 401);
    });

    it('shows how many sessions a user has and ends them all, recording user.sessions.end_all', async () => {
      await createUser('sessy');
      const first = await signedInUser('sessy');
      const second = await signedInUser('sessy');
      const page = await admin.get('/admin/users/sessy');
      assert.match(page.body, /<h2 id="security-title">Login security<\/h2>/);
      assert.match(page.body, /Logged in in 2 browsers\./);
      const response = await admin.post('/admin/users/sessy/end-sessions', {});
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/users/sessy?done=sessions-ended');
      const after = await admin.get(location(response));
      assert.match(
        after.body,
        /All of sessy&#39;s sessions were ended\.|All of sessy's sessions were ended\./,
      );
      assert.match(after.body, /None: not logged in anywhere\./);
      assert.doesNotMatch(after.body, /\/end-sessions"/, 'no button when there is nothing to end');
      assert.equal((await first.get('/user/summary')).status, 401);
      assert.equal((await second.get('/user/summary')).status, 401);
      const [entry] = await t.app.services.audit.list({ action: 'user.sessions.end_all' });
      assert.equal(entry?.actor, 'admin');
      assert.equal(entry?.target, 'sessy');
      assert.match(entry?.details ?? '', /"sessionsEnded":2/);
      assert.equal((await admin.get('/admin/users')).status, 200, 'the administrator is still logged in');
    });

    it('enables the user again', async () => {
      const response = await admin.post('/admin/users/dora/enable', {});
      assert.equal(location(response), '/admin/users/dora?done=enabled');
      assert.equal((await t.client().signIn('dora', USER_PASSWORD)).status, 303);
    });

    it('grants and revokes admin rights', async () => {
      const granted = await admin.post('/admin/users/dora/admin', { grant: 'on' });
      assert.equal(location(granted), '/admin/users/dora?done=admin-granted');
      assert.equal((await users().findByUsername('dora'))?.is_admin, 1);
      assert.match((await admin.get(location(granted))).body, /Revoke admin rights/);
      const revoked = await admin.post('/admin/users/dora/admin', {});
      assert.equal(location(revoked), '/admin/users/dora?done=admin-revoked');
      assert.equal((await users().findByUsername('dora'))?.is_admin, 0);
    });

    for (const [action, form, message] of [
      ['disable', {}, 'You cannot disable your own account.'],
      ['admin', {}, 'You cannot revoke your own admin rights.'],
      ['delete', {}, 'You cannot delete your own account.'],
    ] as const) {
      it(`refuses to ${action === 'admin' ? 'revoke admin rights from' : action} yourself with 409 on the user page`, async () => {
        const response = await admin.post(`/admin/users/admin/${action}`, form);
        assert.equal(response.status, 409);
        assert.match(response.body, new RegExp(message.replace('.', '\\.')));
        assert.match(
          response.body,
          /<h2 id="internal-title">Internal User Settings<\/h2>/,
          'the user page is shown again',
        );
        const row = await users().findByUsername('admin');
        assert.equal(row?.is_admin, 1);
        assert.equal(row?.disabled, 0);
      });
    }

    it('asks for confirmation before deleting, then deletes', async () => {
      const confirm = await admin.get('/admin/users/ellen/delete');
      assert.equal(confirm.status, 200);
      assert.match(confirm.body, /<h1>Delete user ellen\?<\/h1>/);
      assert.match(confirm.body, /<form method="post" action="\/admin\/users\/ellen\/delete"/);
      assert.equal(
        await users().findByUsername('ellen').then(Boolean),
        true,
        'showing the question deletes nothing',
      );
      const response = await admin.post('/admin/users/ellen/delete', {});
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/users?done=deleted');
      assert.match((await admin.get(location(response))).body, /The user was deleted\./);
      assert.equal(await users().findByUsername('ellen'), undefined);
      const [entry] = await t.app.services.audit.list({ action: 'user.delete', user: 'ellen' });
      assert.equal(entry?.actor, 'admin');
    });
  });

  describe('Options', () => {
    it('saves the options, records options.update and shows the help text on "Forgot your password?"', async () => {
      const page = await admin.get('/admin/options');
      assert.equal(page.status, 200);
      assert.match(page.body, /15 or more is recommended/);
      const response = await admin.post('/admin/options', {
        organizationName: 'Example School',
        passwordHelpText: HELP_TEXT,
        minPasswordLength: '8',
      });
      assert.equal(response.status, 303);
      assert.equal(location(response), '/admin/options?done=options');
      const saved = await admin.get(location(response));
      assert.match(saved.body, /The options were saved\./);
      assert.match(saved.body, /value="Example School"/);
      assert.match((await t.client().get('/user/forgot-password')).body, new RegExp(HELP_TEXT));
      const [entry] = await t.app.services.audit.list({ action: 'options.update' });
      assert.equal(entry?.actor, 'admin');
      assert.match(entry?.details ?? '', /passwordHelpText/);
    });

    it('shows the lockout policy with Keycloak-like defaults', async () => {
      const page = await admin.get('/admin/options');
      for (const [name, value] of [
        ['lockoutFailures', '5'],
        ['lockoutDelaySeconds', '60'],
        ['lockoutMaxDelayMinutes', '15'],
        ['lockoutResetHours', '12'],
      ]) {
        assert.match(
          page.body,
          new RegExp(`name="${name}"[^>]*value="${value}"|value="${value}"[^>]*name="${name}"`),
          name,
        );
      }
      assert.match(page.body, /<legend>Login lockout<\/legend>/);
    });

    it('refuses lockout numbers out of range, or a maximum delay shorter than the first, with 400', async () => {
      const cases: [field: string, value: string, message: RegExp][] = [
        ['lockoutFailures', '0', /Enter a whole number from 1 to 1,000\./],
        ['lockoutFailures', 'five', /Enter a whole number from 1 to 1,000\./],
        ['lockoutDelaySeconds', '', /Enter a whole number from 1 to 86,400\./],
        ['lockoutDelaySeconds', '1.5', /Enter a whole number from 1 to 86,400\./],
        ['lockoutMaxDelayMinutes', '-3', /Enter a whole number from 1 to 10,080\./],
        ['lockoutResetHours', '99999', /Enter a whole number from 1 to 8,760\./],
        ['lockoutDelaySeconds', '3600', /The maximum delay may not be shorter than the first delay\./],
      ];
      for (const [name, value, message] of cases) {
        const response = await admin.post('/admin/options', {
          organizationName: 'Example School',
          passwordHelpText: HELP_TEXT,
          minPasswordLength: '8',
          lockoutMaxDelayMinutes: '15',
          [name]: value,
        });
        assert.equal(response.status, 400, `${name}=${value}`);
        assert.match(response.body, message);
        if (value !== '')
          assert.ok(
            response.body.includes(`name="${name}" type="number" value="${value}"`),
            'the entered value is kept',
          );
      }
      const stored = await t.app.services.settings.get();
      assert.deepEqual(
        [
          stored.lockoutFailures,
          stored.lockoutDelaySeconds,
          stored.lockoutMaxDelayMinutes,
          stored.lockoutResetHours,
        ],
        [5, 60, 15, 12],
      );
    });

    it('turns the common-password and not-the-username rules off and on again, and keeps them when a form leaves them out', async () => {
      const form = {
        organizationName: 'Example School',
        passwordHelpText: HELP_TEXT,
        minPasswordLength: '8',
      };
      const page = await admin.get('/admin/options');
      assert.match(page.body, /name="rejectCommonPasswords" value="on" checked/);
      assert.match(page.body, /name="rejectUsernamePassword" value="on" checked/);
      assert.equal(
        (await t.createUser({ username: 'weak1', password: 'baseball' }).catch((e: Error) => e)) instanceof
          Error,
        true,
        'refused while on',
      );

      assert.equal(
        (await admin.post('/admin/options', { ...form, passwordRules: 'shown' })).status,
        303,
        'both boxes unticked',
      );
      let stored = await t.app.services.settings.get();
      assert.deepEqual([stored.rejectCommonPasswords, stored.rejectUsernamePassword], [false, false]);
      assert.match(
        (await admin.get('/admin/options')).body,
        /name="rejectCommonPasswords" value="on" aria/,
        'shown unticked',
      );
      await t.createUser({ username: 'weak1', password: 'baseball' });
      await t.createUser({ username: 'samename', password: 'samename' });
      const [entry] = await t.app.services.audit.list({ action: 'options.update' });
      assert.match(entry?.details ?? '', /"rejectCommonPasswords":false/);

      assert.equal((await admin.post('/admin/options', form)).status, 303, 'a form without the boxes');
      stored = await t.app.services.settings.get();
      assert.deepEqual(
        [stored.rejectCommonPasswords, stored.rejectUsernamePassword],
        [false, false],
        'kept as they were',
      );

      assert.equal(
        (
          await admin.post('/admin/options', {
            ...form,
            passwordRules: 'shown',
            rejectCommonPasswords: 'on',
            rejectUsernamePassword: 'on',
          })
        ).status,
        303,
      );
      stored = await t.app.services.settings.get();
      assert.deepEqual([stored.rejectCommonPasswords, stored.rejectUsernamePassword], [true, true]);
      await assert.rejects(
        t.app.services.settings.update({ rejectCommonPasswords: 'maybe' }),
        /Choose on or off\./,
      );
    });

    it('refuses a minimum password length outside 1 to 64 with 400, keeping the entered values', async () => {
      for (const minPasswordLength of ['0', '65', 'eight', '']) {
        const response = await admin.post('/admin/options', {
          organizationName: 'Changed Name',
          passwordHelpText: HELP_TEXT,
          minPasswordLength,
        });
        assert.equal(response.status, 400, minPasswordLength);
        assert.match(response.body, /Enter a whole number from 1 to 64\./);
        assert.match(response.body, /value="Changed Name"/);
      }
      assert.equal((await t.app.services.settings.get()).organizationName, 'Example School');
    });
  });

  describe('Audit Log', () => {
    before(async () => {
      for (let i = 1; i <= 60; i++)
        await t.app.services.audit.record({
          actor: 'auditor',
          action: 'test.event',
          target: `thing-${i}`,
          ip: '192.0.2.1',
        });
    });

    const rowsOf = (body: string) =>
      [
        ...body.matchAll(
          /<tr><td><time [^>]+>[^<]+<\/time><\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g,
        ),
      ].map((m) => ({ actor: m[1], action: m[2], target: m[3] }));

    it('lists entries newest first with when, who, what, target, address and details', async () => {
      const response = await admin.get('/admin/audit');
      assert.equal(response.status, 200);
      for (const column of ['When', 'Who', 'What', 'Target', 'Source address', 'Details'])
        assert.match(response.body, new RegExp(`<th scope="col">${column}</th>`));
      assert.equal(rowsOf(response.body)[0]?.target, 'thing-60');
      assert.match(response.body, /<option value="user.create">User created<\/option>/);
    });

    it('filters by user', async () => {
      const rows = rowsOf((await admin.get('/admin/audit?user=carl')).body);
      assert.ok(rows.length > 0);
      assert.ok(rows.every((r) => r.actor === 'carl' || r.target === 'carl'));
      assert.ok(rows.some((r) => r.action === 'Password set by an administrator'));
    });

    it('filters by action', async () => {
      const response = await admin.get('/admin/audit?action=user.create');
      const rows = rowsOf(response.body);
      assert.ok(rows.length > 1);
      assert.ok(rows.every((r) => r.action === 'User created'));
      assert.match(response.body, /<option value="user.create" selected>/);
    });

    it('pages to older entries', async () => {
      const first = await admin.get('/admin/audit?action=test.event');
      assert.equal(rowsOf(first.body).length, 50);
      const older = /<a href="(\/admin\/audit\?action=test.event&amp;before=\d+)">Older<\/a>/.exec(
        first.body,
      );
      assert.ok(older, 'an Older link');
      const second = await admin.get(older[1]!.replaceAll('&amp;', '&'));
      assert.deepEqual(
        rowsOf(second.body).map((r) => r.target),
        [
          'thing-10',
          'thing-9',
          'thing-8',
          'thing-7',
          'thing-6',
          'thing-5',
          'thing-4',
          'thing-3',
          'thing-2',
          'thing-1',
        ],
      );
      assert.doesNotMatch(second.body, />Older</);
    });

    it('treats a malformed filter as no filter', async () => {
      for (const query of ['before=abc', 'before=-1', 'action=no.such.action', 'user=%00', 'user=a&user=b'])
        assert.equal((await admin.get(`/admin/audit?${query}`)).status, 200, query);
    });
  });
});

describe('Admin Console with a single enabled administrator', () => {
  let t: TestApp;
  let admin: TestClient;

  before(async () => {
    t = await startTestApp();
    await t.createUser({ username: 'only', password: ADMIN_PASSWORD, isAdmin: true });
    await t.createUser({ username: 'retired', password: ADMIN_PASSWORD, isAdmin: true });
    await t.app.services.users.setDisabled('retired', true, ACTOR);
    admin = t.client();
    await admin.signIn('only', ADMIN_PASSWORD, 'admin');
    await admin.get('/admin/users');
  });

  after(() => t?.close());

  it('revokes admin rights from and deletes a disabled administrator: they do not count as the last one', async () => {
    assert.equal(
      location(await admin.post('/admin/users/retired/admin', {})),
      '/admin/users/retired?done=admin-revoked',
    );
    await t.app.services.users.setAdmin('retired', true, ACTOR);
    assert.equal(location(await admin.post('/admin/users/retired/delete', {})), '/admin/users?done=deleted');
    assert.equal(await t.app.services.users.findByUsername('retired'), undefined);
  });
});

describe('Admin Console sign-in lockout', () => {
  let t: TestApp;
  let admin: TestClient;

  /** A sign-in attempt from its own browser, as an attacker's script would make it. */
  const attempt = (username: string, password: string) => t.client().signIn(username, password);

  before(async () => {
    t = await startTestApp();
    await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
    await t.createUser({ username: 'victim', password: USER_PASSWORD });
    admin = t.client();
    await admin.signIn('admin', ADMIN_PASSWORD, 'admin');
    await admin.get('/admin/options');
    const saved = await admin.post('/admin/options', {
      organizationName: 'Quire',
      passwordHelpText: HELP_TEXT,
      minPasswordLength: '8',
      lockoutFailures: '3',
      lockoutDelaySeconds: '120',
      lockoutMaxDelayMinutes: '30',
      lockoutResetHours: '24',
    });
    assert.equal(saved.status, 303);
  });

  after(() => t?.close());

  it('delays sign-in after the configured number of failures, for an existing and an unknown name alike', async () => {
    const answers: Record<string, string[]> = {};
    for (const name of ['victim', 'no-such-person']) {
      for (let i = 0; i < 3; i++)
        assert.equal((await attempt(name, 'wrong-password-123')).status, 401, `${name} failure ${i + 1}`);
      const refused = await attempt(name, name === 'victim' ? USER_PASSWORD : 'wrong-password-123');
      assert.equal(refused.status, 429, `${name} is delayed after 3 failures, even with the right password`);
      assert.ok(refused.body.includes(THROTTLED_SIGNIN));
      answers[name] = [String(refused.status), refused.body.replace(/value="[^"]*"/g, '')];
    }
    assert.deepEqual(
      answers.victim,
      answers['no-such-person'],
      'the delayed answer does not tell whether the account exists',
    );
  });

  it('shows the administrator that the account is locked, and until when', async () => {
    const page = await admin.get('/admin/users/victim');
    const until =
      /Locked after 3 failed logins: every attempt is refused until <time datetime="([^"]+)">/.exec(
        page.body,
      );
    assert.ok(until, 'the lock and its end are shown');
    const seconds = (new Date(until[1]!).getTime() - Date.now()) / 1000;
    assert.ok(seconds > 100 && seconds <= 120, `the first delay is the configured 120 s (${seconds})`);
    assert.match(page.body, />\s*Clear lock\s*<\/button>/);
  });

  it('clears the lock: the user signs in again at once, and user.lock.clear is recorded', async () => {
    const response = await admin.post('/admin/users/victim/clear-lock', {});
    assert.equal(response.status, 303);
    assert.equal(location(response), '/admin/users/victim?done=lock-cleared');
    const page = await admin.get(location(response));
    assert.match(page.body, /The login lock of victim was cleared/);
    assert.match(page.body, /Not locked: no recent failed logins\./);
    assert.equal((await attempt('victim', USER_PASSWORD)).status, 303);
    const [entry] = await t.app.services.audit.list({ action: 'user.lock.clear' });
    assert.equal(entry?.actor, 'admin');
    assert.equal(entry?.target, 'victim');
    assert.match(entry?.details ?? '', /"failures":3/);
  });
});
