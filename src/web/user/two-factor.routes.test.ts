import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { base32Decode, hotp, stepAt } from '../../auth/two-factor/totp.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import {
  startTestApp,
  type TestApp,
  type TestClient,
  type TestResponse,
} from '../../test-support/harness.js';

const PASSWORD = 'lantern-orchid-93';
const location = (response: TestResponse) => String(response.headers.location ?? '');

for (const kind of DATABASE_KINDS) {
  describe(
    `Two-factor sign-in with an authenticator app [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      // A clock the tests move on by whole 30-second steps, so each sign-in has a fresh code.
      let now = new Date('2026-12-08T12:00:00.000Z');
      const secrets = new Map<string, string>();
      const codeFor = (username: string, stepsAhead = 0) =>
        hotp(base32Decode(secrets.get(username)!), stepAt(now.getTime()) + stepsAhead);
      const nextStep = () => (now = new Date(now.getTime() + 30_000));
      const minutesLater = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));

      before(async () => {
        t = await startTestApp({ kind, ports: { clock: { now: () => now } } });
        await t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
        for (const username of ['alice', 'bob', 'carol', 'dave', 'erin'])
          await t.createUser({ username, password: PASSWORD });
      });
      after(async () => {
        await t.close();
      });

      async function signedIn(username: string, area: 'user' | 'admin' = 'user'): Promise<TestClient> {
        const browser = t.client();
        assert.equal((await browser.signIn(username, PASSWORD, area)).status, 303);
        return browser;
      }

      /** Sets up the app for `username` through the pages; returns the recovery codes shown. */
      async function enrol(browser: TestClient, username: string): Promise<string[]> {
        await browser.get('/user/two-factor');
        const setup = await browser.post('/user/two-factor/app', {});
        assert.equal(setup.status, 200);
        const secret = /<code class="totp-secret">([A-Z2-7 ]+)<\/code>/
          .exec(setup.body)![1]!
          .replaceAll(' ', '');
        assert.match(
          setup.body,
          new RegExp(`otpauth://totp/Quire:${username}\\?secret=${secret}&amp;issuer=Quire`),
        );
        secrets.set(username, secret);
        const wrong = await browser.post('/user/two-factor/app/confirm', { code: '000000' });
        assert.equal(wrong.status, 400);
        assert.match(wrong.body, /not the code the app shows now/);
        const done = await browser.post('/user/two-factor/app/confirm', { code: codeFor(username) });
        assert.equal(done.status, 200);
        return [...done.body.matchAll(/<li><code>([A-Z2-7-]{19})<\/code><\/li>/g)].map((m) => m[1]!);
      }

      it('enrols an app by its first code, shows ten recovery codes once and stores only their hashes', async () => {
        const browser = await signedIn('alice');
        const codes = await enrol(browser, 'alice');
        assert.equal(codes.length, 10);
        assert.equal(new Set(codes).size, 10);
        const page = await browser.get('/user/two-factor');
        assert.match(page.body, /Authenticator app: On/);
        assert.match(page.body, /Unused recovery codes: 10/);
        assert.ok(!page.body.includes(codes[0]!), 'the codes are not shown again');
        assert.ok(!page.body.includes(secrets.get('alice')!.slice(0, 8)), 'nor is the secret');
        const stored = await t.app.database.db
          .selectFrom('two_factor_recovery_codes')
          .select('code_hash')
          .execute();
        assert.ok(stored.every((row) => /^[0-9a-f]{64}$/.test(row.code_hash)));
      });

      it('asks for the code after the password; the pending session opens no other page and is no log-in yet', async () => {
        nextStep();
        const browser = t.client();
        const password = await browser.signIn('alice', PASSWORD);
        assert.equal(password.status, 303);
        assert.equal(location(password), '/user/login/second-factor');
        assert.equal((await browser.get('/user/summary')).status, 401);
        const alice = await t.app.services.users.requireUser('alice');
        const areas = async () =>
          (
            await t.app.database.db
              .selectFrom('sessions')
              .select('area')
              .where('user_id', '=', alice.id)
              .execute()
          )
            .map((row) => row.area)
            .sort();
        const before = await areas();
        assert.ok(before.includes('second-factor'));
        assert.equal(
          before.filter((area) => area === 'web').length,
          1,
          'only the enrolling browser is logged in',
        );
        const lastLogIn = async () => (await t.app.services.users.requireUser('alice')).last_sign_in_at;
        assert.notEqual(await lastLogIn(), now.toISOString(), 'the password alone is not a log-in');
        const step = await browser.get('/user/login/second-factor');
        assert.match(step.body, /Two-factor login/);
        const done = await browser.post('/user/login/second-factor', { code: codeFor('alice') });
        assert.equal(done.status, 303);
        assert.equal(location(done), '/user/summary');
        assert.equal((await browser.get('/user/summary')).status, 200);
        assert.equal(await lastLogIn(), now.toISOString());
      });

      it('refuses a code whose step was used already (no replay)', async () => {
        const browser = t.client();
        await browser.signIn('alice', PASSWORD);
        await browser.get('/user/login/second-factor');
        const replay = await browser.post('/user/login/second-factor', { code: codeFor('alice') });
        assert.equal(replay.status, 401);
        assert.match(replay.body, /not correct, or it has been used already/);
        const earlier = await browser.post('/user/login/second-factor', { code: codeFor('alice', -1) });
        assert.equal(earlier.status, 401);
      });

      it('signs in with a recovery code, which then works no more', async () => {
        const browser = await signedIn('bob');
        const codes = await enrol(browser, 'bob');
        const first = t.client();
        await first.signIn('bob', PASSWORD);
        await first.get('/user/login/second-factor');
        const used = await first.post('/user/login/second-factor', { code: codes[3]!.toLowerCase() });
        assert.equal(used.status, 303);
        const again = t.client();
        await again.signIn('bob', PASSWORD);
        await again.get('/user/login/second-factor');
        assert.equal((await again.post('/user/login/second-factor', { code: codes[3]! })).status, 401);
        assert.match((await first.get('/user/two-factor')).body, /Unused recovery codes: 9/);
      });

      it('throttles wrong codes, and a right password again does not reset the count', async () => {
        const browser = await signedIn('carol');
        await enrol(browser, 'carol');
        const { lockoutFailures } = await t.app.services.settings.get();
        const guesser = t.client();
        let last: TestResponse | undefined;
        for (let i = 0; i <= lockoutFailures; i++) {
          await guesser.signIn('carol', PASSWORD);
          await guesser.get('/user/login/second-factor');
          last = await guesser.post('/user/login/second-factor', { code: String(100000 + i) });
        }
        assert.equal(last!.status, 429);
        nextStep();
        await guesser.signIn('carol', PASSWORD);
        await guesser.get('/user/login/second-factor');
        const right = await guesser.post('/user/login/second-factor', { code: codeFor('carol') });
        assert.equal(right.status, 429, 'even the right code waits out the delay');
        const audit = await t.app.services.audit.list({ user: 'carol', limit: 50 });
        assert.ok(
          audit.some((row) => row.action === 'signin.failure' && /second-factor/.test(row.details ?? '')),
        );
        assert.ok(audit.some((row) => row.action === 'signin.throttled'));
      });

      it('sends an administrator without a second factor to set one up when Options require it', async () => {
        await t.app.services.settings.update({ requireAdminTwoFactor: true });
        const browser = await signedIn('root', 'admin');
        const console = await browser.get('/admin/dashboard');
        assert.equal(console.status, 303);
        assert.equal(location(console), '/user/two-factor?required=1');
        assert.match(
          (await browser.get('/user/two-factor?required=1')).body,
          /Administrators must use two-factor/,
        );
        await enrol(browser, 'root');
        assert.equal((await browser.get('/admin/dashboard')).status, 200);
        nextStep();
        const again = t.client();
        const password = await again.signIn('root', PASSWORD, 'admin');
        assert.equal(location(password), '/admin/login/second-factor');
        await again.get('/admin/login/second-factor');
        const done = await again.post('/admin/login/second-factor', { code: codeFor('root') });
        assert.equal(location(done), '/admin/dashboard');
        assert.equal((await again.get('/admin/dashboard')).status, 200);
        await t.app.services.settings.update({ requireAdminTwoFactor: false });
      });

      it('asks for the password again to take a factor away once the log-in is over five minutes old', async () => {
        const browser = await signedIn('erin');
        await enrol(browser, 'erin');
        const fresh = await browser.post('/user/two-factor/recovery-codes', {});
        assert.equal(fresh.status, 200, 'right after logging in, no password is asked');
        assert.match(fresh.body, /Your recovery codes/);
        minutesLater(4);
        await browser.get('/user/two-factor');
        minutesLater(2);
        await browser.get('/user/two-factor');
        const asked = await browser.post('/user/two-factor/app/remove', {});
        assert.equal(asked.status, 200, 'activity since the log-in does not make it recent');
        assert.match(asked.body, /Confirm it is you/);
        assert.match(asked.body, /logged in more than 5 minutes ago/);
        assert.match(asked.body, /name="currentPassword"/);
        assert.match(asked.body, /action="\/user\/two-factor\/app\/remove"/);
        for (const typed of ['', 'not-my-password']) {
          const wrong = await browser.post('/user/two-factor/app/remove', {
            confirm: '1',
            currentPassword: typed,
          });
          assert.equal(wrong.status, 400, location(wrong));
          assert.match(
            wrong.body,
            typed ? /The current password is not correct/ : /Enter your current password/,
          );
        }
        const codes = await browser.post('/user/two-factor/recovery-codes', {});
        assert.match(codes.body, /Confirm it is you/);
        assert.doesNotMatch(codes.body, /Your recovery codes/);
        const page = await browser.get('/user/two-factor');
        assert.match(page.body, /Authenticator app: On/, 'nothing was removed');
        assert.match(page.body, /Unused recovery codes: 10/);
        const audit = await t.app.services.audit.list({ user: 'erin', limit: 50 });
        assert.ok(
          audit.some((row) => row.action === 'signin.failure' && /confirm-password/.test(row.details ?? '')),
        );
        assert.equal(audit.filter((row) => row.action === 'twofactor.recovery_codes.new').length, 1);

        const removed = await browser.post('/user/two-factor/app/remove', {
          confirm: '1',
          currentPassword: PASSWORD,
        });
        assert.equal(location(removed), '/user/two-factor?done=app-removed');
        assert.match((await browser.get('/user/two-factor')).body, /Authenticator app: Off/);
      });

      it('throttles passwords typed to confirm it is you, like log-in', async () => {
        const browser = await signedIn('erin');
        await enrol(browser, 'erin');
        minutesLater(6);
        const { lockoutFailures } = await t.app.services.settings.get();
        let last: TestResponse | undefined;
        for (let i = 0; i <= lockoutFailures; i++)
          last = await browser.post('/user/two-factor/recovery-codes', {
            confirm: '1',
            currentPassword: `guess-${i}`,
          });
        assert.equal(last!.status, 429);
        const right = await browser.post('/user/two-factor/recovery-codes', {
          confirm: '1',
          currentPassword: PASSWORD,
        });
        assert.equal(right.status, 429, 'even the right password waits out the delay');
        assert.match((await browser.get('/user/two-factor')).body, /Unused recovery codes: 10/);
        const audit = await t.app.services.audit.list({ user: 'erin', limit: 50 });
        assert.ok(audit.some((row) => row.action === 'signin.throttled'));
      });

      it("lets an administrator reset a user's second factor, after a confirmation, audited", async () => {
        const user = await signedIn('dave');
        await enrol(user, 'dave');
        nextStep();
        const admin = t.client();
        await admin.signIn('root', PASSWORD, 'admin');
        await admin.get('/admin/login/second-factor');
        assert.equal((await admin.post('/admin/login/second-factor', { code: codeFor('root') })).status, 303);
        const page = await admin.get('/admin/users/dave');
        assert.match(page.body, /Authenticator app: on/);
        const confirm = await admin.get('/admin/users/dave/two-factor/reset');
        assert.match(confirm.body, /Reset two-factor login of dave/);
        const reset = await admin.post('/admin/users/dave/two-factor/reset', {});
        assert.equal(location(reset), '/admin/users/dave?done=two-factor-reset');
        assert.match((await admin.get('/admin/users/dave')).body, /password alone/);
        const audit = await t.app.services.audit.list({ user: 'dave', limit: 20 });
        assert.ok(audit.some((row) => row.action === 'twofactor.reset' && row.actor === 'root'));
        const plain = await t.client().signIn('dave', PASSWORD);
        assert.equal(location(plain), '/user/summary');
      });
    },
  );
}
