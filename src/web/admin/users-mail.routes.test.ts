import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../test-support/smtp.js';

const PASSWORD = 'lantern-orchid-93';
const NEW_PASSWORD = 'harbour-violet-Pepper-42';
const LINK = /http:\/\/localhost:9191\/user\/reset-password\/([A-Za-z0-9_-]{43})/;
const DAY_MS = 86_400_000;

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console: mail to a user [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let smtp: TestSmtpServer;
      let t: TestApp;
      let admin: TestClient;
      let now = new Date('2026-03-01T09:00:00Z');

      const mailOn = () =>
        t.app.services.mail.update({
          host: '127.0.0.1',
          port: String(smtp.port),
          security: 'none',
          user: '',
          password: '',
          from: 'print@example.org',
        });
      const mailOff = () =>
        t.app.services.mail.update({
          host: '',
          port: '',
          security: 'none',
          user: '',
          password: '',
          from: '',
        });
      const tokenOf = (message: ReceivedMail) => {
        const token = LINK.exec(message.text)?.[1];
        assert.ok(token, message.text);
        return token;
      };
      /** Chooses a password through an emailed link, as the user's browser would. */
      async function choosePassword(token: string): Promise<number> {
        const browser = t.client();
        assert.equal((await browser.get(`/user/reset-password/${token}`)).status, 200, 'the link works');
        const done = await browser.post(`/user/reset-password/${token}`, {
          newPassword: NEW_PASSWORD,
          confirmPassword: NEW_PASSWORD,
        });
        return done.status;
      }
      const userRow = (username: string) => t.app.services.users.findByUsername(username);

      before(async () => {
        smtp = await startSmtpServer();
        t = await startTestApp({ kind, ports: { clock: { now: () => now } } });
        await t.app.services.settings.update({ organizationName: 'Example School' });
        await mailOn();
        await t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
        await t.createUser({ username: 'ada', password: PASSWORD, email: 'ada@example.org' });
        await t.createUser({ username: 'nomail', password: PASSWORD });
      });
      beforeEach(async () => {
        // Another hour, another session: links and sessions of earlier tests have run out.
        now = new Date(now.getTime() + 2 * 3_600_000);
        smtp.refuse = false;
        await mailOn();
        admin = t.client();
        await admin.signIn('root', PASSWORD, 'admin');
      });
      after(async () => {
        await t?.close();
        await smtp?.stop();
      });

      it('emails an internal user a reset link from their Details tab, audited with the administrator', async () => {
        const page = await admin.get('/admin/users/ada');
        assert.match(page.body, /action="\/admin\/users\/ada\/send-reset-email"/);
        assert.match(
          page.body,
          /Emails ada@example\.org a link to choose a new password, valid for 60 minutes/,
        );
        const before = smtp.messages.length;
        const sent = await admin.post('/admin/users/ada/send-reset-email', {});
        assert.equal(sent.status, 303);
        assert.equal(sent.headers.location, '/admin/users/ada?done=reset-sent');
        const shown = await admin.get(sent.headers.location);
        assert.match(shown.body, /notice-success[^>]*>A password reset email was sent to ada\./);

        const message = await smtp.waitFor(
          (m) => smtp.messages.indexOf(m) >= before && m.to.includes('ada@example.org'),
        );
        assert.equal(message.subject, 'Reset your Example School password');
        assert.match(message.text, /An administrator of Example School sent you this link/);
        assert.equal(await choosePassword(tokenOf(message)), 303);
        assert.equal((await t.client().signIn('ada', NEW_PASSWORD)).status, 303);

        const [audited] = await t.app.services.audit.list({ action: 'user.password.link_sent', limit: 1 });
        assert.equal(audited?.actor, 'root');
        assert.equal(audited?.target, 'ada');
        assert.match(audited?.details ?? '', /"purpose":"reset"/);
        assert.match(audited?.details ?? '', /"delivered":true/);
        const requests = await t.app.database.db.selectFrom('password_reset_requests').selectAll().execute();
        assert.equal(requests.length, 0, "not counted against the user's own hourly limit");
      });

      it('says why instead of offering the button: no email address, no mail server, disabled', async () => {
        const resetMails = () => smtp.messages.filter((m) => m.subject.startsWith('Reset')).length;
        const noEmail = await admin.get('/admin/users/nomail');
        assert.doesNotMatch(noEmail.body, /send-reset-email/);
        assert.match(noEmail.body, /No password reset email can be sent: nomail has no email address\./);
        assert.match(noEmail.body, /href="\/admin\/users\/nomail\/password"/, 'Change Password stays');
        const before = resetMails();
        const refused = await admin.post('/admin/users/nomail/send-reset-email', {});
        assert.equal(refused.status, 409);
        assert.match(refused.body, /nomail has no email address/);

        await mailOff();
        const noServer = await admin.get('/admin/users/ada');
        assert.doesNotMatch(noServer.body, /send-reset-email/);
        assert.match(noServer.body, /mail is not set up \(Options → Email\)/);
        assert.match(noServer.body, /href="\/admin\/options\/email"/);
        assert.equal((await admin.post('/admin/users/ada/send-reset-email', {})).status, 409);
        await mailOn();

        await t.app.services.users.setDisabled('ada', true, { username: 'test', ip: '127.0.0.1' });
        const disabled = await admin.get('/admin/users/ada');
        assert.match(disabled.body, /No password reset email can be sent: ada is disabled\./);
        assert.equal((await admin.post('/admin/users/ada/send-reset-email', {})).status, 409);
        await t.app.services.users.setDisabled('ada', false, { username: 'test', ip: '127.0.0.1' });
        assert.equal(resetMails(), before, 'nothing was sent');
      });

      it('tells the administrator when the mail server refuses the message', async () => {
        smtp.refuse = true;
        const sent = await admin.post('/admin/users/ada/send-reset-email', {});
        assert.equal(sent.headers.location, '/admin/users/ada?done=reset-failed');
        const shown = await admin.get(sent.headers.location);
        assert.match(shown.body, /notice-error[^>]*>The password reset email to ada could not be delivered/);
        const [audited] = await t.app.services.audit.list({ action: 'user.password.link_sent', limit: 1 });
        assert.match(audited?.details ?? '', /"delivered":false/);
      });

      it('creates a user without a password and emails them a link that works for a week', async () => {
        const form = await admin.get('/admin/create-internal-user');
        assert.match(form.body, /name="emailLink"/);
        assert.match(form.body, /Email the new user their log-in link/);
        const created = await admin.post('/admin/create-internal-user', {
          username: 'newbie',
          email: 'newbie@example.org',
          emailLink: 'on',
          password: '',
          confirmPassword: '',
        });
        assert.equal(created.status, 303, created.body);
        assert.equal(created.headers.location, '/admin/users/newbie?done=created-link-sent');
        assert.match((await admin.get(created.headers.location)).body, /newbie was created, and a link/);
        assert.equal((await userRow('newbie'))?.password_hash, null, 'no password until they choose one');

        const message = await smtp.waitFor((m) => m.to.includes('newbie@example.org'));
        assert.equal(message.subject, 'Your new Example School account');
        assert.match(message.text, /works once, for 7 days/);
        now = new Date(now.getTime() + 6 * DAY_MS);
        assert.equal(await choosePassword(tokenOf(message)), 303);
        now = new Date(now.getTime() - 6 * DAY_MS);
        assert.equal((await t.client().signIn('newbie', NEW_PASSWORD)).status, 303);
      });

      it('refuses a link older than a week', async () => {
        await admin.get('/admin/create-internal-user');
        await admin.post('/admin/create-internal-user', {
          username: 'latecomer',
          email: 'late@example.org',
          emailLink: 'on',
        });
        const token = tokenOf(await smtp.waitFor((m) => m.to.includes('late@example.org')));
        now = new Date(now.getTime() + 7 * DAY_MS + 60_000);
        assert.equal((await t.client().get(`/user/reset-password/${token}`)).status, 410);
        now = new Date(now.getTime() - 7 * DAY_MS - 60_000);
      });

      it('re-renders with 400 and creates nobody: link without an email address, or no password without the link', async () => {
        await admin.get('/admin/create-internal-user');
        const noAddress = await admin.post('/admin/create-internal-user', {
          username: 'ghost',
          emailLink: 'on',
        });
        assert.equal(noAddress.status, 400);
        assert.match(noAddress.body, /Enter an email address to send the log-in link to\./);
        assert.match(noAddress.body, /name="emailLink"[^>]*checked/);
        const noPassword = await admin.post('/admin/create-internal-user', {
          username: 'ghost',
          email: 'ghost@example.org',
        });
        assert.equal(noPassword.status, 400);
        assert.match(noPassword.body, /aria-invalid="true"[^>]*|field-invalid/);
        assert.equal(await userRow('ghost'), undefined);
      });

      it('offers no link without a mail server, and refuses one posted anyway', async () => {
        await mailOff();
        const form = await admin.get('/admin/create-internal-user');
        assert.doesNotMatch(form.body, /name="emailLink"/);
        assert.match(form.body, /name="password"[^>]*required/);
        const refused = await admin.post('/admin/create-internal-user', {
          username: 'ghost',
          email: 'ghost@example.org',
          emailLink: 'on',
        });
        assert.equal(refused.status, 400);
        assert.match(refused.body, /Mail is not set up \(Options → Email\), so no link can be emailed\./);
        assert.equal(await userRow('ghost'), undefined);
      });
    },
  );
}
