import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GENERIC_SIGNIN_FAILURE } from '../../auth/auth.service.js';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../test-support/harness.js';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';

const EXAMPLES = new URL('../../../examples/custom-directory/', import.meta.url).pathname;
const PASSWORD = 'lantern-orchid-93';

describe('User Web Interface', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await t.createUser({
      username: 'alice',
      password: PASSWORD,
      fullName: 'Alice <script>alert(1)</script>',
    });
    const source = await t.app.services.sources.add(
      customProgramKind,
      { name: 'Corporate Directory', program: `${EXAMPLES}users.sh`, authProgram: `${EXAMPLES}auth.sh` },
      { username: 'test', ip: '' },
    );
    await t.app.services.sync.run(source, { dryRun: false, actor: { username: 'test', ip: '' } });
    await t.app.services.settings.update({
      organizationName: 'Example School',
      passwordHelpText: 'Contact the IT Service Desk, ext. 4357',
      minPasswordLength: 8,
    });
  });
  after(() => t.close());

  it('sends a visitor from / and /user to the Log in page', async () => {
    const browser = t.client();
    assert.equal((await browser.get('/')).headers.location, '/user');
    assert.equal((await browser.get('/user')).headers.location, '/user/login');
    const login = await browser.get('/user/login');
    assert.equal(login.status, 200);
    assert.match(login.body, /<label for="field-username">Username<\/label>/);
    assert.match(login.body, /<label for="field-password">Password<\/label>/);
    assert.match(login.body, />Log in<\/button>/);
    // No mail server here: a reset link could never arrive (mail-needed.routes.test.ts).
    assert.match(login.body, /Ask your administrator to reset your password\./);
  });

  it('signs in with a fresh HttpOnly, SameSite session cookie and shows the Summary', async () => {
    const browser = t.client();
    const response = await browser.signIn('Alice', PASSWORD);
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/user/summary');
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /quire_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const summary = await browser.get('/user/summary');
    assert.equal(summary.status, 200);
    assert.match(summary.body, /Summary/);
    assert.match(summary.body, /Alice &lt;script>alert\(1\)&lt;\/script>/, 'the full name is escaped');
    assert.doesNotMatch(summary.body, /<script>alert/);
  });

  it('stores only a hash of the session secret', async () => {
    const browser = t.client();
    await browser.signIn('alice', PASSWORD);
    const token = browser.cookies.get('quire_session')!;
    const [id, secret] = token.split('.');
    const row = await t.app.database.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    assert.notEqual(row.secret_hash, secret);
    assert.equal(row.secret_hash.length, 64);
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const wrong = await t.client().signIn('alice', 'not-the-password');
    const unknown = await t.client().signIn('nobody-at-all', 'not-the-password');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.ok(wrong.body.includes(GENERIC_SIGNIN_FAILURE));
    assert.ok(unknown.body.includes(GENERIC_SIGNIN_FAILURE));
  });

  it('asks a signed-out visitor to sign in (401) on every user page', async () => {
    for (const url of ['/user/summary', '/user/change-details']) {
      const response = await t.client().get(url);
      assert.equal(response.status, 401, url);
      assert.match(response.body, /name="next" value="\/user\//);
    }
  });

  it("changes an internal user's password, ends their other sessions and keeps this one", async () => {
    await t.createUser({ username: 'changer', password: PASSWORD });
    const other = t.client();
    await other.signIn('changer', PASSWORD);
    const browser = t.client();
    await browser.signIn('changer', PASSWORD);
    const page = await browser.get('/user/change-details');
    assert.match(page.body, /<h2 id="change-password-title">Change Password<\/h2>/);
    const response = await browser.post('/user/change-details/password', {
      currentPassword: PASSWORD,
      newPassword: 'copper-kettle-5521',
      confirmPassword: 'copper-kettle-5521',
    });
    assert.equal(response.status, 303);
    assert.match((await browser.get('/user/change-details?done=password')).body, /Your password was changed/);
    assert.equal((await other.get('/user/summary')).status, 401, 'the other session ended');
    assert.equal((await t.client().signIn('changer', PASSWORD)).status, 401, 'the old password fails');
    assert.equal(
      (await t.client().signIn('changer', 'copper-kettle-5521')).status,
      303,
      'the new password works',
    );
    const audit = await t.app.services.audit.list({ user: 'changer', action: 'user.password.change' });
    assert.equal(audit.length, 1);
  });

  it("re-renders the Change Password form with the field's error and status 400", async () => {
    const browser = t.client();
    await browser.signIn('alice', PASSWORD);
    await browser.get('/user/change-details');
    const cases: [Record<string, string>, RegExp][] = [
      [
        {
          currentPassword: 'wrong',
          newPassword: 'copper-kettle-5521',
          confirmPassword: 'copper-kettle-5521',
        },
        /current password is not correct/,
      ],
      [
        {
          currentPassword: PASSWORD,
          newPassword: 'copper-kettle-5521',
          confirmPassword: 'copper-kettle-5522',
        },
        /do not match/,
      ],
      [
        { currentPassword: PASSWORD, newPassword: 'password1', confirmPassword: 'password1' },
        /most commonly used/,
      ],
      [{ currentPassword: PASSWORD, newPassword: 'short', confirmPassword: 'short' }, /at least 8/],
      [{ currentPassword: PASSWORD }, /at least 8/],
    ];
    for (const [form, message] of cases) {
      const response = await browser.post('/user/change-details/password', form);
      assert.equal(response.status, 400);
      assert.match(response.body, message);
      assert.match(response.body, /aria-invalid="true"/);
    }
    assert.equal((await t.client().signIn('alice', PASSWORD)).status, 303, 'the password is unchanged');
  });

  it('shows a standard user where the password is managed instead of a password form', async () => {
    const browser = t.client();
    const signIn = await browser.signIn('Bob', 'example-bob-Walrus-2864');
    assert.equal(signIn.status, 303, 'bob logs in through the auth program');
    const page = await browser.get('/user/change-details');
    assert.equal(page.status, 200);
    assert.match(page.body, /Your password is managed by Corporate Directory\./);
    assert.match(page.body, /Contact the IT Service Desk, ext\. 4357/);
    assert.doesNotMatch(page.body, /Change Password/);
    assert.doesNotMatch(page.body, /type="password"/);
    const post = await browser.post('/user/change-details/password', {
      currentPassword: 'x',
      newPassword: 'copper-kettle-5521',
      confirmPassword: 'copper-kettle-5521',
    });
    assert.equal(post.status, 403);
  });

  it("refuses a standard user's wrong directory password like any other", async () => {
    const response = await t.client().signIn('bob', 'wrong-password');
    assert.equal(response.status, 401);
    assert.ok(response.body.includes(GENERIC_SIGNIN_FAILURE));
  });

  it('shows the organisation\'s help text on "Forgot your password?"', async () => {
    const page = await t.client().get('/user/forgot-password');
    assert.equal(page.status, 200);
    assert.match(page.body, /Contact the IT Service Desk, ext\. 4357/);
  });

  it('leads a user who must change their password to the change form first', async () => {
    await t.createUser({ username: 'forced', password: PASSWORD, mustChangePassword: true });
    const browser = t.client();
    const signIn = await browser.signIn('forced', PASSWORD);
    assert.equal(signIn.headers.location, '/user/change-details?required=1');
    const summary = await browser.get('/user/summary');
    assert.equal(summary.status, 303);
    assert.equal(summary.headers.location, '/user/change-details?required=1');
    assert.match((await browser.get('/user/change-details?required=1')).body, /must change your password/);
    await browser.post('/user/change-details/password', {
      currentPassword: PASSWORD,
      newPassword: 'copper-kettle-5521',
      confirmPassword: 'copper-kettle-5521',
    });
    assert.equal((await browser.get('/user/summary')).status, 200);
  });

  it('logs out and the old cookie no longer works', async () => {
    const browser = t.client();
    await browser.signIn('alice', PASSWORD);
    const token = browser.cookies.get('quire_session')!;
    await browser.get('/user/summary');
    assert.equal((await browser.post('/user/logout', {})).headers.location, '/user/login');
    const replay = t.client();
    replay.cookies.set('quire_session', token);
    assert.equal((await replay.get('/user/summary')).status, 401);
  });

  it("lists the user's sessions under Change Details and signs out the others, recording user.sessions.end_others", async () => {
    await t.createUser({ username: 'roamer', password: PASSWORD });
    const signIn = async (userAgent: string) => {
      const client = t.client();
      await client.get('/user/login');
      assert.equal(
        (
          await client.post(
            '/user/login',
            { username: 'roamer', password: PASSWORD },
            { 'user-agent': userAgent },
          )
        ).status,
        303,
      );
      return client;
    };
    const laptop = await signIn(
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    );
    const phone = await signIn(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) <img src=x onerror=alert(1)> Version/17.2 Mobile/15E148 Safari/604.1',
    );
    const page = await laptop.get('/user/change-details');
    assert.match(page.body, /<h2 id="sessions-title">Where you are logged in<\/h2>/);
    assert.match(page.body, /<td>Chrome on Windows <span class="badge">This session<\/span><\/td>/);
    assert.match(page.body, /<td>Safari on iOS<\/td>/);
    assert.match(page.body, /<td>127\.0\.0\.1<\/td>/);
    assert.doesNotMatch(page.body, /onerror|<img/, 'only the label is shown, never the raw User-Agent');
    assert.match(page.body, /Log out all other sessions \(1\)/);

    const response = await laptop.post('/user/change-details/sessions/sign-out-others', {});
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/user/change-details?done=sessions');
    const after = await laptop.get('/user/change-details?done=sessions');
    assert.equal(after.status, 200, 'this browser stays logged in');
    assert.match(after.body, /You were signed out everywhere else\./);
    assert.match(after.body, /You are not logged in anywhere else\./);
    assert.equal((await phone.get('/user/summary')).status, 401, 'the other browser is refused');
    const [entry] = await t.app.services.audit.list({ action: 'user.sessions.end_others' });
    assert.equal(entry?.actor, 'roamer');
    assert.match(entry?.details ?? '', /"sessionsEnded":1/);
  });

  it("refuses to sign out other sessions without the session's CSRF token", async () => {
    await t.createUser({ username: 'careful', password: PASSWORD });
    const other = t.client();
    await other.signIn('careful', PASSWORD);
    const browser = t.client();
    await browser.signIn('careful', PASSWORD);
    await browser.get('/user/change-details');
    assert.equal(
      (await browser.post('/user/change-details/sessions/sign-out-others', { _csrf: 'forged-token' })).status,
      403,
    );
    assert.equal(
      (
        await browser.post(
          '/user/change-details/sessions/sign-out-others',
          {},
          { origin: 'https://evil.example' },
        )
      ).status,
      403,
    );
    assert.equal((await other.get('/user/summary')).status, 200, 'the other session still works');
  });

  it('refuses forms without the CSRF token, with a wrong one, or from another site', async () => {
    const browser = t.client();
    await browser.get('/user/login');
    const form = { username: 'alice', password: PASSWORD };
    assert.equal((await browser.post('/user/login', { ...form, _csrf: '' })).status, 403);
    assert.equal((await browser.post('/user/login', { ...form, _csrf: 'forged-token' })).status, 403);
    assert.equal((await browser.post('/user/login', form, { origin: 'https://evil.example' })).status, 403);
    assert.equal((await browser.post('/user/login', form, { origin: '', referer: '' })).status, 403);
    assert.equal(
      (await browser.post('/user/login', form, { origin: '', referer: `${TEST_ORIGIN}/user/login` })).status,
      303,
      'a same-site Referer is enough without Origin',
    );
  });

  it("refuses a signed-in user's form carrying another session's token", async () => {
    await t.createUser({ username: 'victim', password: PASSWORD });
    const attacker = t.client();
    await attacker.signIn('alice', PASSWORD);
    await attacker.get('/user/change-details');
    const victim = t.client();
    await victim.signIn('victim', PASSWORD);
    await victim.get('/user/change-details');
    victim.csrf = attacker.csrf;
    const response = await victim.post('/user/change-details/password', {
      currentPassword: PASSWORD,
      newPassword: 'copper-kettle-5521',
      confirmPassword: 'copper-kettle-5521',
    });
    assert.equal(response.status, 403);
  });

  it('answers 404 for unknown pages and 413 for oversized bodies, never 500', async () => {
    const browser = t.client();
    assert.equal((await browser.get('/user/nope')).status, 404);
    assert.equal((await browser.get('/no/such/page')).status, 404);
    await browser.get('/user/login');
    const huge = await browser.post('/user/login', { username: 'a', password: 'x'.repeat(70 * 1024) });
    assert.equal(huge.status, 413);
    const json = await t.server.inject({
      method: 'POST',
      url: '/user/login',
      headers: { 'content-type': 'application/json', origin: TEST_ORIGIN },
      payload: '{not json',
    });
    assert.ok(json.statusCode >= 400 && json.statusCode < 500, `got ${json.statusCode}`);
  });

  it('sends a strict Content-Security-Policy and no-store on pages', async () => {
    const page = await t.client().get('/user/login');
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
    assert.doesNotMatch(String(page.headers['content-security-policy']), /unsafe-inline/);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
  });
});

describe('first-run setup page', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('creates the first administrator once, then is gone for every request', async () => {
    const token = (await t.app.services.setup.prepare())!;
    const browser = t.client();
    assert.equal((await browser.get('/setup')).status, 404);
    assert.equal((await browser.get('/setup?token=wrong')).status, 404);
    const page = await browser.get(`/setup?token=${token}`);
    assert.equal(page.status, 200);
    const weak = await browser.post('/setup', {
      token,
      username: 'root',
      password: 'password',
      confirmPassword: 'password',
    });
    assert.equal(weak.status, 400);
    assert.match(weak.body, /most commonly used/);
    const created = await browser.post('/setup', {
      token,
      username: 'Root',
      password: 'granite-willow-7781',
      confirmPassword: 'granite-willow-7781',
    });
    assert.equal(created.status, 303);
    assert.equal(created.headers.location, '/admin/dashboard');
    const root = await t.app.services.users.findByUsername('root');
    assert.equal(root?.is_admin, 1);
    for (const url of [
      `/setup?token=${token}`,
      '/setup',
      `/setup/?token=${token}`,
      `/SETUP?token=${token}`,
      `/setup;x=1?token=${token}`,
      `/setup?token=${token}%00`,
      `/setup?token[]=${token}`,
    ]) {
      const response = await t.client().get(url);
      assert.equal(response.status, 404, url);
    }
    const again = t.client();
    await again.get('/user/login');
    const post = await again.post('/setup', {
      token,
      username: 'evil',
      password: 'granite-willow-7781',
      confirmPassword: 'granite-willow-7781',
    });
    assert.equal(post.status, 404);
    assert.equal(await t.app.services.users.findByUsername('evil'), undefined);
  });
});
