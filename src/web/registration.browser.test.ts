/**
 * Self-registration in Chromium: the Register link on Log in, the form (with a refused attempt),
 * "check your email", the emailed link followed to activation, and signing in. Every page is
 * screenshotted and scanned with axe-core.
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
import { startSmtpServer, type TestSmtpServer } from '../test-support/smtp.js';

const PASSWORD = 'quiet-harbour-5182';

describe('Self-registration in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  let smtp: TestSmtpServer;

  before(async () => {
    [quire, browser, smtp] = await Promise.all([startQuireServer(), launchBrowser(), startSmtpServer()]);
    const { settings, mail } = quire.app.services;
    await mail.update({
      host: '127.0.0.1',
      port: String(smtp.port),
      security: 'none',
      user: '',
      password: '',
      from: 'print@example.org',
    });
    await settings.update({
      organizationName: 'Example School',
      selfRegistration: true,
      registrationEmailDomains: 'example.org',
    });
    await quire.app.services.users.createInternal({ username: 'taken', password: PASSWORD }, TEST_ACTOR);
  });

  after(async () => {
    await browser?.close();
    await quire?.close();
    await smtp?.stop();
  });

  it('registers from the Log in page, follows the emailed link and signs in', async () => {
    const page = await (await newContext(browser)).newPage();
    await open(page, quire, '/user/login');
    await clickAndWait(page, page.getByRole('link', { name: 'Register' }));
    assert.equal(new URL(page.url()).pathname, '/user/register');
    await checkPage(page, 'user-register');

    const fill = async (username: string, email: string) => {
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Full name').fill('Grace Hopper');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Confirm password').fill(PASSWORD);
      return clickAndWait(page, page.getByRole('button', { name: 'Register' }));
    };
    let response = await fill('Taken', 'grace@elsewhere.example');
    assert.equal(response.status(), 400);
    const summary = await page.getByRole('alert').first().innerText();
    assert.match(summary, /is taken/);
    assert.match(summary, /Use an email address at example\.org/);
    await checkPage(page, 'user-register-invalid');

    response = await fill('grace', 'grace@example.org');
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/user/register/sent');
    await checkPage(page, 'user-register-sent');

    const message = await smtp.waitFor((m) => m.to.includes('grace@example.org'));
    const link = /http:\/\/127\.0\.0\.1:\d+\/user\/register\/verify\/[A-Za-z0-9_-]{43}/.exec(
      message.text,
    )?.[0];
    assert.ok(link, message.text);
    assert.equal(
      (await signIn(page, quire, 'user', 'grace', PASSWORD)).status(),
      401,
      'no login before activation',
    );

    await page.goto(link, { waitUntil: 'load' });
    await checkPage(page, 'user-register-activate');
    response = await clickAndWait(page, page.getByRole('button', { name: 'Activate my account' }));
    assert.equal(response.status(), 200);
    assert.match(await page.getByRole('status').first().innerText(), /Your account grace is ready/);
    await checkPage(page, 'user-register-verified');

    await signIn(page, quire, 'user', 'grace', PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/user/summary');

    await page.goto(link, { waitUntil: 'load' });
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /This link does not work/);
    await checkPage(page, 'user-register-link-used');
  });
});
