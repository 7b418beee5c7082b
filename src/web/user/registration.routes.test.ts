import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GENERIC_SIGNIN_FAILURE } from '../../auth/auth.service.js';
import { sha256 } from '../../ports.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../test-support/smtp.js';
import { REGISTRATIONS_PER_ADDRESS_PER_HOUR } from '../../users/registration.service.js';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';

const EXAMPLES = new URL('../../../examples/custom-directory/', import.meta.url).pathname;
const PASSWORD = 'lantern-orchid-93';
const ACTOR = { username: 'test', ip: '' };
const LINK = /http:\/\/localhost:9191(\/user\/register\/verify\/([A-Za-z0-9_-]{43}))/;

for (const kind of DATABASE_KINDS) {
  describe(`Self-registration [${kind}]`, { skip: kind === 'postgres' ? postgresSkip() : false }, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let admin: TestClient;
    let address = 0;
    /** Each test registers from its own address, so the per-address limit does not interfere. */
    const ip = () => `192.0.2.${++address}`;

    before(async () => {
      smtp = await startSmtpServer();
      t = await startTestApp({
        kind,
        env: { QUIRE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}?security=none` },
      });
      await t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
      await t.createUser({ username: 'internal-ida', password: PASSWORD });
      const source = await t.app.services.sources.add(
        customProgramKind,
        { name: 'Corporate Directory', program: `${EXAMPLES}users.sh`, authProgram: `${EXAMPLES}auth.sh` },
        ACTOR,
      );
      await t.app.services.sync.run(source, { dryRun: false, actor: ACTOR });
      admin = t.client();
      await admin.signIn('root', PASSWORD, 'admin');
    });
    after(async () => {
      await t.close();
      await smtp.stop();
    });

    async function setOptions(form: Record<string, string>) {
      await admin.get('/admin/options');
      return admin.post('/admin/options', { registrationRules: 'shown', ...form });
    }

    async function register(
      fields: Partial<Record<'username' | 'fullName' | 'email' | 'password' | 'confirmPassword', string>>,
      from = ip(),
    ) {
      const visitor = t.client();
      await visitor.get('/user/register');
      const form = {
        username: 'newbie',
        fullName: 'New Bie',
        email: 'newbie@example.org',
        password: PASSWORD,
        confirmPassword: PASSWORD,
        ...fields,
      };
      // Posted through inject directly to set the visitor's address (the rate limit is per address).
      const response = await t.server.inject({
        method: 'POST',
        url: '/user/register',
        remoteAddress: from,
        payload: new URLSearchParams({ _csrf: visitor.csrf, ...form }).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost:9191',
          cookie: [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
      return { status: response.statusCode, body: response.body, headers: response.headers, visitor };
    }

    const mailTo = (email: string): Promise<ReceivedMail> => smtp.waitFor((m) => m.to.includes(email));

    it('answers 404 on every registration page and offers no link while registration is off', async () => {
      const visitor = t.client();
      const login = await visitor.get('/user/login');
      assert.doesNotMatch(login.body, /\/user\/register/);
      assert.equal((await visitor.get('/user/register')).status, 404);
      assert.equal((await visitor.get('/user/register/sent')).status, 404);
      assert.equal((await visitor.get(`/user/register/verify/${'a'.repeat(43)}`)).status, 404);
      assert.equal(
        (
          await visitor.post('/user/register', {
            username: 'x',
            email: 'x@example.org',
            password: PASSWORD,
            confirmPassword: PASSWORD,
          })
        ).status,
        404,
      );
      assert.equal(await t.app.services.users.findByUsername('x'), undefined);
    });

    it('refuses invalid registration options with 400 and field errors', async () => {
      const response = await setOptions({
        selfRegistration: 'on',
        registrationEmailDomains: 'example.org\nnot a domain!',
      });
      assert.equal(response.status, 400);
      assert.match(response.body, /is not a domain name such as example\.org/);
      assert.equal((await t.app.services.settings.get()).selfRegistration, false, 'nothing was saved');
    });

    it('saves the options and shows "Register" on the Log in page', async () => {
      const response = await setOptions({
        selfRegistration: 'on',
        registrationEmailDomains: '@Example.org, school.example',
      });
      assert.equal(response.status, 303);
      const options = await t.app.services.settings.get();
      assert.equal(options.selfRegistration, true);
      assert.equal(options.registrationEmailDomains, 'example.org\nschool.example');
      const page = await admin.get('/admin/options');
      assert.match(page.body, /<legend>Internal users: self-registration<\/legend>/);
      assert.match((await t.client().get('/user/login')).body, /href="\/user\/register">Register<\/a>/);
    });

    it('registers, emails a single-use link, refuses sign-in until it is followed, then signs in', async () => {
      const response = await register({ username: 'Newbie', email: 'newbie@example.org' });
      assert.equal(response.status, 303);
      assert.equal(response.headers.location, '/user/register/sent');
      assert.match((await response.visitor.get('/user/register/sent')).body, /Check your email/);

      const message = await mailTo('newbie@example.org');
      const [, path, token] = LINK.exec(message.text)!;
      assert.ok(path && token);
      const row = await t.app.database.db
        .selectFrom('registrations')
        .selectAll()
        .where('username', '=', 'newbie')
        .executeTakeFirstOrThrow();
      assert.equal(row.token_hash, sha256(token), 'only the hash of the token is stored');
      assert.equal(Date.parse(row.expires_at) - Date.parse(row.created_at), 24 * 60 * 60 * 1000);

      const early = await t.client().signIn('newbie', PASSWORD);
      assert.equal(early.status, 401);
      assert.ok(early.body.includes(GENERIC_SIGNIN_FAILURE), 'the same message as for any failed login');

      const visitor = t.client();
      const confirm = await visitor.get(path);
      assert.equal(confirm.status, 200);
      assert.match(confirm.body, /Activate my account/);
      assert.equal(
        await t.app.services.users.findByUsername('newbie'),
        undefined,
        'opening the link alone activates nothing',
      );
      const verified = await visitor.post(path, {});
      assert.equal(verified.status, 200);
      assert.match(verified.body, /Account activated/);

      const user = await t.app.services.users.findByUsername('newbie');
      assert.equal(user?.source_id, null, 'an internal user');
      assert.equal(user?.email, 'newbie@example.org');
      assert.equal(user?.is_admin, 0);
      assert.equal((await t.client().signIn('newbie', PASSWORD)).status, 303);

      const again = await t.client().get(path);
      assert.equal(again.status, 400);
      assert.match(again.body, /This link does not work/);
      const reused = await visitor.post(path, {});
      assert.equal(reused.status, 400);

      const actions = (await t.app.services.audit.list({ user: 'newbie' })).map((e) => e.action);
      assert.ok(
        actions.includes('user.register') && actions.includes('user.register.verified'),
        actions.join(', '),
      );
    });

    it('refuses an email address outside the allowed domains with a field error', async () => {
      const response = await register({ username: 'outsider', email: 'outsider@elsewhere.example' });
      assert.equal(response.status, 400);
      assert.match(response.body, /Use an email address at one of: example\.org, school\.example/);
      assert.match(response.body, /value="outsider"/, 'the form keeps what was typed');
    });

    it('refuses a name held by a directory user or an internal user, in any case', async () => {
      for (const username of ['alice', 'Internal-Ida']) {
        const response = await register({ username, email: 'someone@example.org' });
        assert.equal(response.status, 400, username);
        assert.match(response.body, /is taken\. Please choose another\./);
      }
    });

    it('applies the username rules and the password policy', async () => {
      const response = await register({ username: 'a/b', password: 'short', confirmPassword: 'other' });
      assert.equal(response.status, 400);
      assert.match(response.body, /Usernames may not contain/);
      assert.match(response.body, /Passwords must be at least 8 characters long/);
      assert.match(response.body, /The two passwords do not match/);
    });

    it('refuses a registration without the CSRF token', async () => {
      const visitor = t.client();
      await visitor.get('/user/register');
      assert.equal(
        (
          await visitor.post('/user/register', {
            _csrf: 'forged',
            username: 'csrf',
            email: 'csrf@example.org',
            password: PASSWORD,
            confirmPassword: PASSWORD,
          })
        ).status,
        403,
      );
    });

    it('shows a clear page for a tampered, expired or name-lost link, never a 500', async () => {
      const response = await register({ username: 'late', email: 'late@example.org' });
      assert.equal(response.status, 303);
      const [, path, token] = LINK.exec((await mailTo('late@example.org')).text)!;
      const visitor = t.client();
      await visitor.get('/user/login');
      for (const bad of [
        `${token!.slice(0, -1)}${token!.endsWith('A') ? 'B' : 'A'}`,
        'short',
        '%00',
        '..%2F..',
      ]) {
        const page = await visitor.get(`/user/register/verify/${bad}`);
        assert.equal(page.status, 400, bad);
        assert.match(page.body, /This link does not work/);
        assert.equal((await visitor.post(`/user/register/verify/${bad}`, {})).status, 400, bad);
      }
      await t.app.database.db
        .updateTable('registrations')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('token_hash', '=', sha256(token!))
        .execute();
      const expired = await visitor.get(path!);
      assert.equal(expired.status, 410);
      assert.match(expired.body, /This link has expired/);
      assert.equal((await visitor.post(path!, {})).status, 410);
      assert.equal(await t.app.services.users.findByUsername('late'), undefined);

      await register({ username: 'racer', email: 'racer@example.org' });
      const [, racerPath] = LINK.exec((await mailTo('racer@example.org')).text)!;
      await t.createUser({ username: 'racer', password: PASSWORD });
      const lost = await visitor.post(racerPath!, {});
      assert.equal(lost.status, 409);
      assert.match(lost.body, /no longer free/);
    });

    it(`limits registrations to ${REGISTRATIONS_PER_ADDRESS_PER_HOUR} an hour from one address, refused ones included`, async () => {
      const from = ip();
      for (let i = 0; i < REGISTRATIONS_PER_ADDRESS_PER_HOUR; i++)
        assert.equal((await register({ username: 'alice' }, from)).status, 400);
      const limited = await register({ username: `fresh-name` }, from);
      assert.equal(limited.status, 429);
      assert.match(limited.body, /try again in an hour/);
      assert.equal(
        (await register({ username: 'fresh-name', email: 'fresh@example.org' })).status,
        303,
        'another address is not limited',
      );
    });

    it('creates no account and says so when the mail server refuses the message', async () => {
      smtp.refuse = true;
      try {
        const response = await register({ username: 'unlucky', email: 'unlucky@example.org' });
        assert.equal(response.status, 503);
        assert.match(response.body, /We could not send the activation email/);
        assert.equal(
          await t.app.database.db
            .selectFrom('registrations')
            .select('username')
            .where('username', '=', 'unlucky')
            .executeTakeFirst(),
          undefined,
        );
      } finally {
        smtp.refuse = false;
      }
    });
  });
}
