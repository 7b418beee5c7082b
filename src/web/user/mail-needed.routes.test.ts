import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';
import { UNREACHABLE_MAIL } from '../../test-support/smtp.js';

const PASSWORD = 'lantern-orchid-93';
const NO_MAIL = { ...UNREACHABLE_MAIL, host: '', from: '' };

for (const kind of DATABASE_KINDS) {
  describe(`Without a mail server [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    let admin: TestClient;

    before(async () => {
      t = await startTestApp({ kind });
      await t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
      await t.createUser({ username: 'ida', password: PASSWORD, email: 'ida@example.org' });
      admin = t.client();
      await admin.signIn('root', PASSWORD, 'admin');
    });
    after(() => t.close());

    const setOptions = async (form: Record<string, string>) => {
      await admin.get('/admin/options');
      return admin.post('/admin/options', { registrationRules: 'shown', ...form });
    };

    it('hides "Forgot your password?" on both log-in pages and says whom to ask', async () => {
      for (const area of ['user', 'admin']) {
        const page = await t.client().get(`/${area}/login`);
        assert.equal(page.status, 200);
        assert.doesNotMatch(page.body, /href="\/user\/forgot-password"/, area);
        assert.match(page.body, /Ask your administrator to reset your password\./, area);
      }
      const german = await t.client().get('/user/login', { 'accept-language': 'de' });
      assert.match(german.body, /Bitten Sie Ihren Administrator, Ihr Passwort zurückzusetzen\./);
    });

    it('never claims that a reset link was sent', async () => {
      const visitor = t.client();
      const page = await visitor.get('/user/forgot-password');
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.body, /name="identifier"/, 'no form');
      assert.match(page.body, /Passwords cannot be reset by email here/);
      await visitor.get('/user/login'); // a form, for the CSRF token (a request sent before mail was removed)
      const posted = await visitor.post('/user/forgot-password', { identifier: 'ida' });
      assert.equal(posted.status, 200, 'no redirect to the "sent" page');
      assert.match(posted.body, /Passwords cannot be reset by email here/);
      assert.doesNotMatch(posted.body, /Check your email/);
      const sent = await visitor.get('/user/forgot-password/sent');
      assert.doesNotMatch(sent.body, /Check your email/);
      const requests = await t.app.services.audit.list({ action: 'user.password.reset_requested', limit: 5 });
      assert.equal(requests.length, 0, 'no request was recorded');
    });

    it('refuses to turn on self-registration (400, field error, nothing saved) and warns', async () => {
      const refused = await setOptions({ selfRegistration: 'on' });
      assert.equal(refused.status, 400);
      assert.match(refused.body, /Set up a mail server under Options → Email first/);
      assert.equal((await t.app.services.settings.get()).selfRegistration, false, 'nothing was saved');
      const options = await admin.get('/admin/options');
      assert.match(
        options.body,
        /No mail server is set up: users cannot reset a forgotten password by email/,
      );
      const operations = await admin.get('/admin/operations');
      assert.match(operations.body, /Users are told to ask an administrator instead/);
    });

    it('turns registration on once mail works, and shows the help when mail is removed again', async () => {
      await t.app.services.mail.update(UNREACHABLE_MAIL);
      assert.equal((await setOptions({ selfRegistration: 'on' })).status, 303);
      const withMail = await t.client().get('/user/login');
      assert.match(withMail.body, /href="\/user\/forgot-password"/);
      assert.match(withMail.body, /href="\/user\/register"/);
      assert.doesNotMatch((await admin.get('/admin/options')).body, /No mail server is set up/);

      await t.app.services.mail.update(NO_MAIL);
      const login = await t.client().get('/user/login');
      assert.doesNotMatch(login.body, /href="\/user\/register"/, 'no Register link');
      const visitor = t.client();
      const page = await visitor.get('/user/register');
      assert.equal(page.status, 200);
      assert.match(page.body, /Registration is not available/);
      assert.doesNotMatch(page.body, /name="password"/, 'no form');
      await visitor.get('/user/login'); // a form, for the CSRF token
      const posted = await visitor.post('/user/register', {
        username: 'newbie',
        fullName: 'New Bie',
        email: 'newbie@example.org',
        password: PASSWORD,
        confirmPassword: PASSWORD,
      });
      assert.equal(posted.status, 503);
      assert.match(posted.body, /Registration is not available/);
      const count = await t.app.database.db
        .selectFrom('registrations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0, 'nothing was stored');
      // Already on, so saving other options still works; the warning says registration is stuck.
      assert.equal(
        (await setOptions({ selfRegistration: 'on', organizationName: 'Example School' })).status,
        303,
      );
      assert.match((await admin.get('/admin/options')).body, /Self-registration is on, but without mail/);
      assert.match((await admin.get('/admin/operations')).body, /Self-registration is on, but without mail/);
    });
  });
}
