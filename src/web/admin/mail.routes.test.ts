import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  startTestApp,
  type TestApp,
  type TestClient,
  type TestResponse,
} from '../../test-support/harness.js';
import { freePort } from '../../test-support/free-ports.js';
import { startSmtpServer, type TestSmtpServer } from '../../test-support/smtp.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const SMTP_PASSWORD = 'smtp-Page-Secret-6620';
const CONFIG_PASSWORD = 'smtp-Config-Secret-3317';

async function signedInAdmin(t: TestApp): Promise<TestClient> {
  await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
  const admin = t.client();
  assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
  return admin;
}

describe('Admin Console → Options → Email', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: TestClient;
  /** Every response of this suite, checked at the end for the SMTP password. */
  const seen: TestResponse[] = [];
  const get = async (url: string) => {
    const response = await admin.get(url);
    seen.push(response);
    return response;
  };
  const post = async (url: string, form: Record<string, string>) => {
    const response = await admin.post(url, form);
    seen.push(response);
    return response;
  };
  const settingsForm = (extra: Record<string, string> = {}) => ({
    host: '127.0.0.1',
    port: String(smtp.port),
    security: 'none',
    user: 'quire',
    password: SMTP_PASSWORD,
    from: 'print@northwind.example',
    ...extra,
  });

  before(async () => {
    smtp = await startSmtpServer({ auth: { user: 'quire', password: SMTP_PASSWORD } });
    t = await startTestApp();
    admin = await signedInAdmin(t);
  });

  after(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('is linked from the Options page as its Email tab', async () => {
    const options = await get('/admin/options');
    assert.match(options.body, /<a href="\/admin\/options" aria-current="page">General<\/a>/);
    assert.match(options.body, /<a href="\/admin\/options\/email">Email<\/a>/);
    const page = await get('/admin/options/email');
    assert.equal(page.status, 200);
    assert.match(page.body, /<a href="\/admin\/options\/email" aria-current="page">Email<\/a>/);
    assert.match(page.body, /<h1>Email<\/h1>/);
  });

  it('saves the settings, audits them and shows them back without the password', async () => {
    const response = await post('/admin/options/email', settingsForm());
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/admin/options/email?done=saved');
    const page = await get('/admin/options/email?done=saved');
    assert.match(page.body, /The email settings were saved\./);
    assert.match(page.body, /name="host" type="text" value="127\.0\.0\.1"/);
    assert.match(page.body, /name="from" type="email" value="print@northwind\.example"/);
    assert.match(page.body, /A password is saved\. Leave this empty to keep it\./);
    assert.match(
      page.body,
      /<input id="field-password" name="password" type="password" autocomplete="new-password"/,
    );
    const [entry] = await t.app.services.audit.list({ action: 'mail.settings.update' });
    assert.equal(entry?.actor, 'admin');
    assert.ok(!(entry?.details ?? '').includes(SMTP_PASSWORD));
    assert.match(entry?.details ?? '', /"password"/, 'the audit names the password change');
  });

  it('refuses a bad host, port or From address with 400, keeping what was typed', async () => {
    const response = await post(
      '/admin/options/email',
      settingsForm({ host: 'smtp example.org', port: '99999', from: 'not-an-address' }),
    );
    assert.equal(response.status, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /Enter a host name such as smtp\.example\.org/);
    assert.match(response.body, /Enter a port from 1 to 65535/);
    assert.match(response.body, /Enter an address such as print@example\.org/);
    assert.match(response.body, /value="smtp example\.org"/);
    assert.equal((await t.app.services.mail.view()).host, '127.0.0.1', 'nothing was saved');
  });

  it('sends a test email that arrives at the mail server, signing in with the saved password', async () => {
    const response = await post('/admin/options/email/test', { to: 'ada@example.org' });
    assert.equal(response.status, 200);
    assert.match(response.body, /The mail server accepted a test email to ada@example\.org\./);
    const message = await smtp.waitFor((m) => m.to.includes('ada@example.org'));
    assert.equal(message.subject, 'Test email from Quire');
    assert.deepEqual(message.from, { name: 'Quire', address: 'print@northwind.example' });
    assert.match(message.text, /the mail settings work/);
    assert.match(message.html, /the mail settings work/);
  });

  it('keeps the saved password when the field is left empty', async () => {
    assert.equal((await post('/admin/options/email', settingsForm({ password: '' }))).status, 303);
    assert.equal((await post('/admin/options/email/test', { to: 'kept@example.org' })).status, 200);
    await smtp.waitFor((m) => m.to.includes('kept@example.org'));
  });

  it('shows why a test email failed, and the last failure of a flow', async () => {
    const invalid = await post('/admin/options/email/test', { to: 'nobody' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.body, /Enter an address such as ada@example\.org\./);

    assert.equal(
      (await post('/admin/options/email', settingsForm({ port: String(await freePort()), password: '' })))
        .status,
      303,
    );
    const failed = await post('/admin/options/email/test', { to: 'ada@example.org' });
    assert.equal(failed.status, 502);
    assert.match(failed.body, /Could not send through the mail server .*ECONNREFUSED/);

    assert.equal(
      await t.app.services.mail.send({
        to: 'ada@example.org',
        subject: 'Your password was changed',
        paragraphs: ['…'],
      }),
      false,
      'a flow is not broken',
    );
    const page = await get('/admin/options/email');
    assert.match(page.body, /The last message that could not be sent failed at <time datetime="[^"]+">/);
    assert.match(page.body, /ECONNREFUSED/);
  });

  it('never puts the SMTP password in any response', () => {
    assert.ok(seen.length > 5);
    for (const response of seen)
      assert.ok(
        !response.body.includes(SMTP_PASSWORD),
        `a response of status ${response.status} holds the password`,
      );
  });
});

describe('Email page with QUIRE_SMTP_URL set', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let admin: TestClient;

  before(async () => {
    smtp = await startSmtpServer({ auth: { user: 'relay', password: CONFIG_PASSWORD } });
    t = await startTestApp({
      env: {
        QUIRE_SMTP_URL: `smtp://relay:${CONFIG_PASSWORD}@127.0.0.1:${smtp.port}?security=none`,
        QUIRE_MAIL_FROM: 'noreply@config.example',
      },
    });
    admin = await signedInAdmin(t);
  });

  after(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('says the configuration wins and shows its settings read-only, without the password', async () => {
    const page = await admin.get('/admin/options/email');
    assert.equal(page.status, 200);
    assert.match(page.body, /The mail server is set by <code>QUIRE_SMTP_URL<\/code>/);
    assert.match(page.body, /name="host" type="text" value="127\.0\.0\.1" readonly/);
    assert.match(page.body, /name="from" type="email" value="noreply@config\.example" readonly/);
    assert.doesNotMatch(page.body, /name="password"/);
    assert.doesNotMatch(page.body, /Save email settings/);
    assert.ok(!page.body.includes(CONFIG_PASSWORD));
  });

  it('refuses to save over the configuration with 409', async () => {
    await admin.get('/admin/options/email');
    const response = await admin.post('/admin/options/email', {
      host: 'smtp.example.org',
      port: '',
      security: 'starttls',
      user: '',
      password: '',
      from: 'a@example.org',
    });
    assert.equal(response.status, 409);
    assert.match(response.body, /set by QUIRE_SMTP_URL in the configuration/);
  });

  it('sends the test email through the configured server', async () => {
    await admin.get('/admin/options/email');
    const response = await admin.post('/admin/options/email/test', { to: 'bob@example.org' });
    assert.equal(response.status, 200);
    const message = await smtp.waitFor((m) => m.to.includes('bob@example.org'));
    assert.equal(message.from.address, 'noreply@config.example');
  });
});
