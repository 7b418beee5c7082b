import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sha256 } from '../../ports.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../../test-support/smtp.js';
import { EMAIL_CHANGES_PER_HOUR } from '../../users/email-change.service.js';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';

const EXAMPLES = new URL('../../../examples/custom-directory/', import.meta.url).pathname;
const PASSWORD = 'lantern-orchid-93';
const ACTOR = { username: 'test', ip: '' };
const LINK = /http:\/\/localhost:9191(\/user\/confirm-email\/([A-Za-z0-9_-]{43}))/;

for (const kind of DATABASE_KINDS) {
  describe(
    `Password history, policy hints and email change [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let smtp: TestSmtpServer;

      before(async () => {
        smtp = await startSmtpServer();
        t = await startTestApp({
          kind,
          env: { QUIRE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}?security=none` },
        });
        await t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
        const source = await t.app.services.sources.add(
          customProgramKind,
          { name: 'Corporate Directory', program: `${EXAMPLES}users.sh`, authProgram: `${EXAMPLES}auth.sh` },
          ACTOR,
        );
        await t.app.services.sync.run(source, { dryRun: false, actor: ACTOR });
      });
      after(async () => {
        await t.close();
        await smtp.stop();
      });

      async function signedIn(username: string, password = PASSWORD): Promise<TestClient> {
        const browser = t.client();
        assert.equal((await browser.signIn(username, password)).status, 303);
        await browser.get('/user/change-details');
        return browser;
      }

      const change = (browser: TestClient, from: string, to: string) =>
        browser.post('/user/change-details/password', {
          currentPassword: from,
          newPassword: to,
          confirmPassword: to,
        });
      const historyRows = async (username: string) => {
        const user = await t.app.services.users.requireUser(username);
        return t.app.database.db
          .selectFrom('password_history')
          .select('password_hash')
          .where('user_id', '=', user.id)
          .execute();
      };

      it('refuses the last N passwords under Change Details and at an admin reset, and keeps only N - 1 old hashes', async () => {
        await t.app.services.settings.update({ passwordHistory: 3 });
        try {
          await t.createUser({ username: 'hist', password: 'history-Pass-One-1' });
          const browser = await signedIn('hist', 'history-Pass-One-1');
          assert.equal((await change(browser, 'history-Pass-One-1', 'history-Pass-Two-2')).status, 303);
          await browser.get('/user/change-details');
          assert.equal((await change(browser, 'history-Pass-Two-2', 'history-Pass-Three-3')).status, 303);
          await browser.get('/user/change-details');
          const reused = await change(browser, 'history-Pass-Three-3', 'history-Pass-One-1');
          assert.equal(reused.status, 400);
          assert.match(reused.body, /used recently/);
          assert.match(reused.body, /The last 3 passwords cannot be used again/);
          assert.equal(
            (await t.client().signIn('hist', 'history-Pass-Three-3')).status,
            303,
            'the refused change changed nothing',
          );

          const admin = t.client();
          await admin.signIn('root', PASSWORD, 'admin');
          await admin.get('/admin/users/hist/password');
          const adminReuse = await admin.post('/admin/users/hist/password', {
            password: 'history-Pass-Two-2',
            confirmPassword: 'history-Pass-Two-2',
          });
          assert.equal(adminReuse.status, 400);
          assert.match(adminReuse.body, /used recently/);
          assert.equal(
            (
              await admin.post('/admin/users/hist/password', {
                password: 'history-Pass-Four-4',
                confirmPassword: 'history-Pass-Four-4',
              })
            ).status,
            303,
          );

          const rows = await historyRows('hist');
          assert.equal(rows.length, 2, 'the current password and the 2 before it make 3');
          assert.ok(
            rows.every((row) => row.password_hash.startsWith('$argon2id$')),
            'only hashes are kept',
          );
          // Three changes ago is out of the window again.
          const again = await signedIn('hist', 'history-Pass-Four-4');
          assert.equal((await change(again, 'history-Pass-Four-4', 'history-Pass-One-1')).status, 303);
        } finally {
          await t.app.services.settings.update({ passwordHistory: 0 });
        }
      });

      it('keeps no history while the option is off, and empties it at the next change', async () => {
        await t.app.services.settings.update({ passwordHistory: 2 });
        await t.createUser({ username: 'nohist', password: 'nohist-Pass-One-1' });
        await t.app.services.users.setPassword('nohist', 'nohist-Pass-Two-2', { mustChange: false }, ACTOR);
        assert.equal((await historyRows('nohist')).length, 1);
        await t.app.services.settings.update({ passwordHistory: 0 });
        const browser = await signedIn('nohist', 'nohist-Pass-Two-2');
        assert.equal(
          (await change(browser, 'nohist-Pass-Two-2', 'nohist-Pass-One-1')).status,
          303,
          'an old password is allowed again',
        );
        assert.equal((await historyRows('nohist')).length, 0);
      });

      it('states only the rules that are on in the password hints', async () => {
        await t.createUser({ username: 'hinted', password: PASSWORD });
        const browser = await signedIn('hinted');
        const admin = t.client();
        await admin.signIn('root', PASSWORD, 'admin');
        let page = (await browser.get('/user/change-details')).body;
        assert.match(
          page,
          /At least 8 characters; a long passphrase is best\. Very common passwords and the username are refused\./,
        );
        await t.app.services.settings.update({
          rejectCommonPasswords: false,
          minPasswordLength: 12,
          passwordHistory: 5,
        });
        try {
          page = (await browser.get('/user/change-details')).body;
          assert.doesNotMatch(page, /Very common/);
          assert.match(
            page,
            /At least 12 characters.*The username is refused as a password\. The last 5 passwords cannot be used again\./,
          );
          assert.match((await admin.get('/admin/create-internal-user')).body, /At least 12 characters/);
          assert.match((await admin.get('/admin/users/hinted/password')).body, /The last 5 passwords/);
        } finally {
          await t.app.services.settings.update({
            rejectCommonPasswords: true,
            minPasswordLength: 8,
            passwordHistory: 0,
          });
        }
      });

      it("changes an internal user's email only through a link sent to the new address, then tells the old one", async () => {
        await t.createUser({ username: 'mover', password: PASSWORD, email: 'mover@old.example' });
        const browser = await signedIn('mover');
        const page = await browser.get('/user/change-details');
        assert.match(page.body, /Your email address is <strong>mover@old\.example<\/strong>/);
        const sent = await browser.post('/user/change-details/email', {
          email: 'Mover@New.example',
          emailCurrentPassword: PASSWORD,
        });
        assert.equal(sent.status, 303);
        assert.equal(sent.headers.location, '/user/change-details?done=email-sent');
        const pending = await browser.get('/user/change-details?done=email-sent');
        assert.match(pending.body, /A confirmation link was sent to <strong>Mover@New\.example<\/strong>/);
        assert.equal(
          (await t.app.services.users.requireUser('mover')).email,
          'mover@old.example',
          'nothing changes before the link is followed',
        );

        // nodemailer lower-cases the domain of a recipient.
        const message = await smtp.waitFor((m) =>
          m.to.some((to) => to.toLowerCase() === 'mover@new.example'),
        );
        assert.equal(message.subject, 'Confirm your new Quire email address');
        const [, path, token] = LINK.exec(message.text) ?? [];
        assert.ok(path && token, message.text);
        const row = await t.app.database.db.selectFrom('email_changes').selectAll().executeTakeFirstOrThrow();
        assert.equal(row.token_hash, sha256(token), 'only the hash of the token is stored');

        // Following the link signed out, as from a phone's mail app: a page with a button (a mail scanner's GET changes nothing).
        const phone = t.client();
        const confirmPage = await phone.get(path);
        assert.equal(confirmPage.status, 200);
        assert.equal(confirmPage.headers['referrer-policy'], 'no-referrer');
        assert.match(
          confirmPage.body,
          /Use <strong>Mover@New\.example<\/strong> as the email address of the account <strong>mover<\/strong>/,
        );
        assert.equal((await t.app.services.users.requireUser('mover')).email, 'mover@old.example');
        const confirmed = await phone.post(path, {});
        assert.equal(confirmed.status, 303);
        assert.equal(confirmed.headers.location, '/user/confirm-email/done');
        const user = await t.app.services.users.requireUser('mover');
        assert.equal(user.email, 'Mover@New.example');
        assert.equal(user.email_key, 'mover@new.example', 'the quick-find key follows');

        const notice = await smtp.waitFor((m) => m.to.includes('mover@old.example'));
        assert.equal(notice.subject, 'Your Quire email address was changed');
        assert.match(notice.text, /to Mover@New\.example/);
        const [audited] = await t.app.services.audit.list({ action: 'user.email.change' });
        assert.equal(audited?.target, 'mover');
        assert.match(audited?.details ?? '', /"from":"mover@old\.example","to":"Mover@New\.example"/);

        const reused = await phone.post(path, {});
        assert.equal(reused.status, 410, 'the link works once');
        assert.match(reused.body, /This confirmation link is not valid/);
      });

      it('asks for the current password and a valid new address, re-rendering the form with 400 and sending nothing', async () => {
        await t.createUser({ username: 'careful', password: PASSWORD, email: 'careful@example.org' });
        const browser = await signedIn('careful');
        const before = smtp.messages.length;
        const cases: [Record<string, string>, RegExp][] = [
          [
            { email: 'new@example.org', emailCurrentPassword: 'wrong' },
            /Current password: The current password is not correct/,
          ],
          [
            { email: 'not an address', emailCurrentPassword: PASSWORD },
            /Enter an email address like name@example\.org/,
          ],
          [{ email: '', emailCurrentPassword: PASSWORD }, /Enter your new email address/],
          [{ email: 'CAREFUL@example.org', emailCurrentPassword: PASSWORD }, /already your email address/],
        ];
        for (const [form, message] of cases) {
          const response = await browser.post('/user/change-details/email', form);
          assert.equal(response.status, 400, JSON.stringify(form));
          assert.match(response.body, message);
          assert.match(response.body, /aria-invalid="true"/);
        }
        await sleep(200);
        assert.equal(smtp.messages.length, before);
        assert.equal(
          (await t.app.services.audit.list({ user: 'careful', action: 'user.email.change.failure' })).length,
          1,
        );
      });

      it("replaces an older link with a newer request, and a cancelled change's link stops working", async () => {
        await t.createUser({ username: 'twice', password: PASSWORD, email: 'twice@example.org' });
        const browser = await signedIn('twice');
        const linkTo = async (address: string) => {
          await browser.get('/user/change-details');
          assert.equal(
            (
              await browser.post('/user/change-details/email', {
                email: address,
                emailCurrentPassword: PASSWORD,
              })
            ).status,
            303,
          );
          const message = await smtp.waitFor((m) => m.to.includes(address));
          return LINK.exec(message.text)![1]!;
        };
        const first = await linkTo('first@twice.example');
        const second = await linkTo('second@twice.example');
        assert.equal((await t.client().get(first)).status, 410, 'the newer request replaced the first link');
        assert.equal((await t.client().get(second)).status, 200);
        await browser.get('/user/change-details');
        const cancelled = await browser.post('/user/change-details/email/cancel', {});
        assert.equal(cancelled.headers.location, '/user/change-details?done=email-cancelled');
        const late = t.client();
        await late.get('/user/login');
        assert.equal((await late.post(second, {})).status, 410);
        assert.equal((await t.app.services.users.requireUser('twice')).email, 'twice@example.org');
        assert.equal(
          (await t.client().get('/user/confirm-email/not-a-token')).status,
          410,
          'a malformed token gets the same page, never a 500',
        );
      });

      it(`limits email change requests to ${EMAIL_CHANGES_PER_HOUR} an hour per user`, async () => {
        await t.createUser({ username: 'spammer', password: PASSWORD, email: 'spammer@example.org' });
        const browser = await signedIn('spammer');
        for (let i = 0; i < EMAIL_CHANGES_PER_HOUR; i++) {
          assert.equal(
            (
              await browser.post('/user/change-details/email', {
                email: `victim${i}@example.org`,
                emailCurrentPassword: PASSWORD,
              })
            ).status,
            303,
          );
          await browser.get('/user/change-details');
        }
        const limited = await browser.post('/user/change-details/email', {
          email: 'one-more@example.org',
          emailCurrentPassword: PASSWORD,
        });
        assert.equal(limited.status, 429);
        assert.match(limited.body, /try again later/);
      });

      it('throttles wrong current passwords on the email form like failed sign-ins', async () => {
        await t.createUser({ username: 'guessed', password: PASSWORD, email: 'guessed@example.org' });
        const browser = await signedIn('guessed');
        await t.app.services.settings.update({ lockoutFailures: 2 });
        try {
          const statuses: number[] = [];
          for (let i = 0; i < 4; i++)
            statuses.push(
              (
                await browser.post('/user/change-details/email', {
                  email: 'new@example.org',
                  emailCurrentPassword: `guess-${i}`,
                })
              ).status,
            );
          assert.deepEqual(statuses.slice(0, 2), [400, 400]);
          assert.ok(statuses.slice(2).includes(429), `later guesses are delayed: ${statuses.join(', ')}`);
          const right = await browser.post('/user/change-details/email', {
            email: 'new@example.org',
            emailCurrentPassword: PASSWORD,
          });
          assert.equal(right.status, 429, 'even the right password waits while the delay lasts');
        } finally {
          await t.app.services.settings.update({ lockoutFailures: 5 });
          await t.app.services.throttle.clearAccount('guessed');
        }
      });

      it('throttles wrong current passwords under Change Password too', async () => {
        await t.createUser({ username: 'changer2', password: PASSWORD });
        const browser = await signedIn('changer2');
        await t.app.services.settings.update({ lockoutFailures: 2 });
        try {
          const statuses: number[] = [];
          for (let i = 0; i < 3; i++)
            statuses.push((await change(browser, `guess-${i}-wrong`, 'another-Strong-Pass-81')).status);
          assert.deepEqual(statuses, [400, 400, 429]);
          assert.equal(
            (await change(browser, PASSWORD, 'another-Strong-Pass-81')).status,
            429,
            'the right password waits too',
          );
          assert.equal(
            (await t.client().signIn('changer2', PASSWORD)).status,
            429,
            'and so does login: it is one counter',
          );
        } finally {
          await t.app.services.settings.update({ lockoutFailures: 5 });
          await t.app.services.throttle.clearAccount('changer2');
        }
      });

      it('shows a standard user no email form and refuses one posted by hand', async () => {
        const browser = await signedIn('bob', 'example-bob-Walrus-2864');
        const page = await browser.get('/user/change-details');
        assert.doesNotMatch(page.body, /change-details\/email/);
        const response = await browser.post('/user/change-details/email', {
          email: 'bob@elsewhere.example',
          emailCurrentPassword: 'example-bob-Walrus-2864',
        });
        assert.equal(response.status, 403);
      });

      it('asks a signed-out visitor to sign in before changing an email address', async () => {
        const visitor = t.client();
        await visitor.get('/user/login');
        assert.equal(
          (
            await visitor.post('/user/change-details/email', {
              email: 'x@example.org',
              emailCurrentPassword: PASSWORD,
            })
          ).status,
          401,
        );
      });
    },
  );
}
