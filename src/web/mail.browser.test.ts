/**
 * Admin Console → Options → Email in Chromium: reached from the Options page, settings saved,
 * a refused form, a test email that arrives at a real SMTP server and one that fails. Every page
 * is screenshotted and scanned with axe-core.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  checkPage,
  chromiumSkip,
  clickAndWait,
  launchBrowser,
  newContext,
  open,
  signIn,
  startQuireServer,
  TEST_ACTOR,
  type QuireServer,
} from '../test-support/browser.js';
import { freePort } from '../test-support/free-ports.js';
import { startSmtpServer, type TestSmtpServer } from '../test-support/smtp.js';

const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };

describe('Email settings in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  let smtp: TestSmtpServer;

  before(async () => {
    [quire, browser, smtp] = await Promise.all([startQuireServer(), launchBrowser(), startSmtpServer()]);
    await quire.app.services.users.createInternal({ ...ADMIN, isAdmin: true }, TEST_ACTOR);
  });

  after(async () => {
    await browser?.close();
    await quire?.close();
    await smtp?.stop();
  });

  it('sets up the mail server from Options → Email and sends a test email that arrives', async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password);
    await open(page, quire, '/admin/options');
    await clickAndWait(
      page,
      page.getByRole('navigation', { name: 'Options pages' }).getByRole('link', { name: 'Email' }),
    );
    assert.equal(new URL(page.url()).pathname, '/admin/options/email');
    await checkPage(page, 'admin-options-email');

    await page.getByLabel('Mail server (SMTP host)').fill('127.0.0.1');
    await page.getByLabel('Security').selectOption('none');
    await page.getByLabel('Port').fill('0');
    await page.getByLabel('From address').fill('print@northwind.example');
    let response = await clickAndWait(page, page.getByRole('button', { name: 'Save email settings' }));
    assert.equal(response.status(), 400);
    assert.match(await page.getByRole('alert').first().innerText(), /Port: Enter a port from 1 to 65535/);
    await checkPage(page, 'admin-options-email-invalid');

    await page.getByLabel('Port').fill(String(smtp.port));
    response = await clickAndWait(page, page.getByRole('button', { name: 'Save email settings' }));
    assert.equal(response.status(), 200);
    assert.match(await page.getByRole('status').first().innerText(), /The email settings were saved\./);

    await page.getByLabel('Send to').fill('ada@example.org');
    response = await clickAndWait(page, page.getByRole('button', { name: 'Send test email' }));
    assert.equal(response.status(), 200);
    assert.match(
      await page.getByRole('region', { name: 'Send test email' }).innerText(),
      /The mail server accepted a test email to ada@example\.org\./,
    );
    const message = await smtp.waitFor((m) => m.to.includes('ada@example.org'));
    assert.match(message.html, /the mail settings work/);
    await checkPage(page, 'admin-options-email-test-sent');

    await page.getByLabel('Port').fill(String(await freePort()));
    await clickAndWait(page, page.getByRole('button', { name: 'Save email settings' }));
    await quire.app.services.mail.send({
      to: 'ada@example.org',
      subject: 'Your password was changed',
      paragraphs: ['…'],
    });
    await page.getByLabel('Send to').fill('ada@example.org');
    response = await clickAndWait(page, page.getByRole('button', { name: 'Send test email' }));
    assert.equal(response.status(), 502);
    assert.match(await page.getByRole('region', { name: 'Send test email' }).innerText(), /ECONNREFUSED/);
    assert.match(
      await page.locator('.notice-warning').innerText(),
      /The last message that could not be sent failed at/,
    );
    await checkPage(page, 'admin-options-email-failed');
  });
});
