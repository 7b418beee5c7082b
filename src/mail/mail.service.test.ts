import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConfigError, loadConfig, type SmtpConfig } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { ConflictError, MailError, ValidationError } from '../errors.js';
import { createSettingsRepository, type SettingsRepository } from '../settings/settings.repository.js';
import { freshDatabaseUrl } from '../test-support/databases.js';
import { freePort } from '../test-support/free-ports.js';
import { startSmtpServer, type TestSmtpServer } from '../test-support/smtp.js';
import { createMailService, type MailServiceDeps } from './mail.service.js';

const NOW = new Date('2026-03-01T09:30:00Z');
const SMTP_PASSWORD = 'smtp-Secret-9153';

describe('mail service', () => {
  let fresh: { url: string; dispose(): Promise<void> };
  let database: Database;
  let settings: SettingsRepository;
  let smtp: TestSmtpServer;
  let logged: { details: Record<string, unknown>; message: string }[];

  function service(config: MailServiceDeps['config'] = { smtp: null, mailFrom: null }) {
    return createMailService({
      settings,
      organization: async () => 'Northwind Print Services',
      config,
      clock: { now: () => NOW },
      log: (details, message) => logged.push({ details, message }),
      fallbackFrom: 'quire@localhost',
    });
  }

  const pageSettings = (
    port: number,
    extra: Partial<Record<'host' | 'port' | 'security' | 'user' | 'password' | 'from', string>> = {},
  ) => ({
    host: '127.0.0.1',
    port: String(port),
    security: 'none',
    user: '',
    password: '',
    from: 'print@northwind.example',
    ...extra,
  });

  before(async () => {
    fresh = await freshDatabaseUrl('sqlite');
    database = await openDatabase(fresh.url);
    await migrateToLatest(database);
    settings = createSettingsRepository(database.db);
    smtp = await startSmtpServer();
  });

  beforeEach(async () => {
    logged = [];
    smtp.refuse = false;
    for (const key of Object.keys(await settings.all()))
      if (key.startsWith('mail.')) await settings.delete(key);
  });

  after(async () => {
    await smtp?.stop();
    await database?.close();
    await fresh?.dispose();
  });

  it('delivers a message in plain text and HTML, from and signed by the organisation', async () => {
    const mail = service();
    await mail.update(pageSettings(smtp.port));
    const delivered = await mail.send({
      to: 'ada@example.org',
      subject: 'Reset your password',
      paragraphs: ['Someone asked to reset the password of <ada>.'],
      link: { label: 'Choose a new password', url: 'https://print.example.org/user/reset-password/abc' },
    });
    assert.equal(delivered, true);
    const message = await smtp.waitFor((m) => m.subject === 'Reset your password');
    assert.deepEqual(message.to, ['ada@example.org']);
    assert.deepEqual(message.from, { name: 'Northwind Print Services', address: 'print@northwind.example' });
    assert.match(message.text, /Someone asked to reset the password of <ada>\./);
    assert.match(
      message.text,
      /Choose a new password:\nhttps:\/\/print\.example\.org\/user\/reset-password\/abc/,
    );
    assert.match(message.text, /Northwind Print Services/);
    assert.match(
      message.html,
      /Someone asked to reset the password of &lt;ada>\./,
      'values are escaped in HTML',
    );
    assert.match(
      message.html,
      /<a href="https:\/\/print\.example\.org\/user\/reset-password\/abc"[^>]*>Choose a new password<\/a>/,
    );
    assert.match(message.html, /Northwind Print Services/);
  });

  it('uses the configured server and From address over the saved page settings', async () => {
    const other = await startSmtpServer({ auth: { user: 'quire', password: SMTP_PASSWORD } });
    try {
      const config = loadConfig({
        QUIRE_SMTP_URL: `smtp://quire:${SMTP_PASSWORD}@127.0.0.1:${other.port}?security=none`,
        QUIRE_MAIL_FROM: 'noreply@config.example',
      });
      await service().update(pageSettings(smtp.port));
      const mail = service(config);
      await mail.sendTest('bob@example.org');
      const message = await other.waitFor((m) => m.to.includes('bob@example.org'));
      assert.equal(message.from.address, 'noreply@config.example');
      assert.equal(message.subject, 'Test email from Northwind Print Services');
      assert.equal(
        smtp.messages.filter((m) => m.to.includes('bob@example.org')).length,
        0,
        'the page settings were not used',
      );
      const view = await mail.view();
      assert.deepEqual(
        { host: view.host, port: view.port, user: view.user, from: view.from, configured: view.configured },
        {
          host: '127.0.0.1',
          port: other.port,
          user: 'quire',
          from: 'noreply@config.example',
          configured: { server: true, from: true },
        },
      );
      await assert.rejects(
        mail.update(pageSettings(smtp.port)),
        ConflictError,
        'the page cannot change a configured server',
      );
    } finally {
      await other.stop();
    }
  });

  it('answers a flow as usual when the mail server is down, logging and recording the failure without the password', async () => {
    const closedPort = await freePort();
    const mail = service();
    await mail.update(pageSettings(closedPort, { user: 'quire', password: SMTP_PASSWORD }));
    const delivered = await mail.send({
      to: 'ada@example.org',
      subject: 'Your password was changed',
      paragraphs: ['It was changed.'],
    });
    assert.equal(delivered, false);
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.message, 'mail delivery failed');
    assert.match(String(logged[0]!.details.error), /ECONNREFUSED/);
    const view = await mail.view();
    assert.equal(view.lastFailure?.at, NOW.toISOString());
    assert.match(view.lastFailure?.message ?? '', new RegExp(`127\\.0\\.0\\.1:${closedPort}.*ECONNREFUSED`));
    const everything = JSON.stringify({ logged, view, stored: await settings.get('mail.lastFailure') });
    assert.ok(!everything.includes(SMTP_PASSWORD), 'the SMTP password is neither logged nor shown');
    assert.equal(view.hasPassword, true);
  });

  it('records a refused message, and a flow with no mail server set up, as failures too', async () => {
    const mail = service();
    assert.equal(await mail.send({ to: 'ada@example.org', subject: 'Hello', paragraphs: ['Hi'] }), false);
    assert.match((await mail.view()).lastFailure?.message ?? '', /No mail server is set up/);
    await mail.update(pageSettings(smtp.port));
    smtp.refuse = true;
    assert.equal(await mail.send({ to: 'ada@example.org', subject: 'Hello', paragraphs: ['Hi'] }), false);
    assert.match((await mail.view()).lastFailure?.message ?? '', /550 Mailbox unavailable/);
  });

  it('lets closing wait for a send under way, so its failure is still recorded', async () => {
    const mail = service();
    await mail.update(pageSettings(smtp.port));
    const release = smtp.hold();
    let ended = false;
    // A flow starts its notice without waiting for it.
    void mail
      .send({ to: 'ada@example.org', subject: 'Hello', paragraphs: ['Hi'] })
      .then(() => (ended = true));
    let settled = false;
    const settling = mail.settle().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(settled, false, 'settle waits while the server holds the message');
    smtp.refuse = true;
    release();
    await settling;
    assert.equal(ended, true);
    assert.match((await mail.view()).lastFailure?.message ?? '', /550 Mailbox unavailable/);
    await mail.settle(); // nothing under way: returns at once
  });

  it('reports a failed test email to the administrator instead of hiding it', async () => {
    const mail = service();
    await mail.update(pageSettings(await freePort()));
    await assert.rejects(
      mail.sendTest('ada@example.org'),
      (error: unknown) =>
        error instanceof MailError &&
        /Could not send through the mail server .*ECONNREFUSED/.test(error.message),
    );
    await assert.rejects(mail.sendTest('not an address'), ValidationError);
  });

  it('refuses to send the password in clear when STARTTLS is chosen but the server does not offer it', async () => {
    const mail = service();
    await mail.update(
      pageSettings(smtp.port, { security: 'starttls', user: 'quire', password: SMTP_PASSWORD }),
    );
    await assert.rejects(
      mail.sendTest('ada@example.org'),
      (error: unknown) => error instanceof MailError && /STARTTLS/i.test(error.message),
    );
    assert.equal(
      smtp.messages.filter((m) => m.to.includes('ada@example.org') && m.subject.startsWith('Test')).length,
      0,
    );
  });

  it('keeps the saved password when the field is left empty, and drops it with the user name', async () => {
    const mail = service();
    await mail.update(pageSettings(smtp.port, { user: 'quire', password: SMTP_PASSWORD }));
    const changed = await mail.update(pageSettings(smtp.port, { user: 'quire', password: '', port: '2525' }));
    assert.deepEqual(changed, ['port']);
    assert.equal(await settings.get('mail.password'), JSON.stringify(SMTP_PASSWORD));
    await mail.update(pageSettings(smtp.port, { user: '', password: '' }));
    assert.equal((await mail.view()).hasPassword, false);
  });

  it('refuses a bad host, port, security mode or From address by field', async () => {
    const mail = service();
    await assert.rejects(
      mail.update(
        pageSettings(25, {
          host: 'smtp example',
          port: '70000',
          security: 'ssl',
          from: 'Print <print@example.org>',
        }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.deepEqual(Object.keys(error.fields).sort(), ['from', 'host', 'port', 'security']);
        return true;
      },
    );
  });
});

describe('mail configuration', () => {
  it('reads QUIRE_SMTP_URL with its security mode, default port and encoded password', () => {
    const config = loadConfig({
      QUIRE_SMTP_URL: 'smtps://print%40example.org:p%40ss%3Aword@mail.example.org',
    });
    const smtp = config.smtp as SmtpConfig;
    assert.deepEqual(
      { ...smtp },
      { host: 'mail.example.org', port: 465, security: 'tls', user: 'print@example.org' },
      'the password is not enumerable',
    );
    assert.equal(smtp.password, 'p@ss:word');
    assert.ok(
      !JSON.stringify(config).includes('p@ss'),
      'logging the configuration does not print the password',
    );
    assert.equal(loadConfig({ QUIRE_SMTP_URL: 'smtp://mail.example.org' }).smtp?.port, 587);
    assert.equal(loadConfig({ QUIRE_SMTP_URL: 'smtp://relay.local?security=none' }).smtp?.port, 25);
    assert.equal(loadConfig({}).smtp, null);
  });

  it('stops start-up on a bad QUIRE_SMTP_URL or QUIRE_MAIL_FROM, naming the variable but never the password', () => {
    for (const url of [
      'http://user:hunter2-secret@mail.example.org',
      'smtp://user:hunter2-secret@mail.example.org?security=ssl',
      'smtp://user:hunter2-secret@:25',
      'not a url hunter2-secret',
    ]) {
      assert.throws(
        () => loadConfig({ QUIRE_SMTP_URL: url }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message.startsWith('QUIRE_SMTP_URL') &&
          !error.message.includes('hunter2'),
        url,
      );
    }
    assert.throws(
      () => loadConfig({ QUIRE_MAIL_FROM: 'Print <print@example.org>' }),
      (error: unknown) => error instanceof ConfigError && error.message.startsWith('QUIRE_MAIL_FROM'),
    );
  });
});
