/**
 * "Forgot your password?" in Chromium against a real Quire server and a real SMTP server: the
 * message is read back from the mail server and its link followed. Every page visited is
 * screenshotted (test-output/screenshots/password-reset-*.png) and scanned with axe-core.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  checkPage,
  chromiumSkip,
  clickAndWait,
  EXAMPLE_HELP_TEXT,
  launchBrowser,
  newContext,
  open,
  seedExampleSchool,
  signIn,
  startQuireServer,
  TEST_ACTOR,
  type QuireServer,
} from '../test-support/browser.js';
import { startSmtpServer, type TestSmtpServer } from '../test-support/smtp.js';

const OLD_PASSWORD = 'first-Lantern-Orchid-93';
const NEW_PASSWORD = 'second-Harbour-Violet-42';

describe('forgotten password in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  let smtp: TestSmtpServer;

  before(async () => {
    [quire, browser, smtp] = await Promise.all([startQuireServer(), launchBrowser(), startSmtpServer()]);
    await seedExampleSchool(quire);
    await quire.app.services.mail.update({
      host: '127.0.0.1',
      port: String(smtp.port),
      security: 'none',
      user: '',
      password: '',
      from: 'print@example.org',
    });
    await quire.app.services.users.createInternal(
      { username: 'ada', password: OLD_PASSWORD, email: 'ada@example.org', fullName: 'Ada Lovelace' },
      TEST_ACTOR,
    );
  });

  after(async () => {
    await browser?.close();
    await quire?.close();
    await smtp?.stop();
  });

  it('asks for a link, follows it from the message, sets a new password and signs in with it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await open(page, quire, '/user/login');
    assert.equal(
      (await clickAndWait(page, page.getByRole('link', { name: 'Forgot your password?' }))).status(),
      200,
    );
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Forgot your password?');
    assert.ok((await page.locator('main').innerText()).includes(EXAMPLE_HELP_TEXT));
    await checkPage(page, 'password-reset-forgot');

    await page.getByLabel('Username or email', { exact: true }).fill('ada@example.org');
    const sent = await clickAndWait(page, page.getByRole('button', { name: 'Send reset link' }));
    assert.equal(sent.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/user/forgot-password/sent');
    const sentText = await page.locator('main').innerText();
    assert.match(sentText, /If an internal account matches, we sent a link/);
    assert.ok(sentText.includes(EXAMPLE_HELP_TEXT));
    await checkPage(page, 'password-reset-sent');

    const message = await smtp.waitFor(
      (m) => m.to.includes('ada@example.org') && m.subject === 'Reset your Example School password',
    );
    assert.equal(message.from.name, 'Example School');
    const link = new RegExp(
      `${quire.origin.replace(/\./g, '\\.')}/user/reset-password/[A-Za-z0-9_-]{43}`,
    ).exec(message.text)?.[0];
    assert.ok(link, message.text);

    const form = await page.goto(link, { waitUntil: 'load' });
    assert.equal(form?.status(), 200);
    assert.equal(form?.headers()['referrer-policy'], 'no-referrer');
    await checkPage(page, 'password-reset-form');

    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Confirm new password', { exact: true }).fill('short');
    assert.equal(
      (await clickAndWait(page, page.getByRole('button', { name: 'Set new password' }))).status(),
      400,
    );
    assert.match(await page.locator('main').innerText(), /at least 8 characters/);
    await checkPage(page, 'password-reset-form-error');

    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password', { exact: true }).fill(NEW_PASSWORD);
    const done = await clickAndWait(page, page.getByRole('button', { name: 'Set new password' }));
    assert.equal(done.status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Your password was changed');
    await checkPage(page, 'password-reset-done');

    const changed = await smtp.waitFor(
      (m) => m.to.includes('ada@example.org') && m.subject === 'Your Example School password was changed',
    );
    assert.match(changed.text, /signed out everywhere/);

    await signIn(page, quire, 'user', 'ada', NEW_PASSWORD);
    assert.equal(new URL(page.url()).pathname, '/user/summary');

    const again = await page.goto(link, { waitUntil: 'load' });
    assert.equal(again?.status(), 410);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'This link cannot be used');
    await checkPage(page, 'password-reset-invalid');
    await clickAndWait(page, page.getByRole('link', { name: 'Ask for a new link' }));
    assert.equal(new URL(page.url()).pathname, '/user/forgot-password');
    await context.close();
  });

  it('changes the email address from Change Details through a link sent to the new address', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, quire, 'user', 'ada', NEW_PASSWORD);
    await open(page, quire, '/user/change-details');
    await page.getByLabel('New email address', { exact: true }).fill('ada.lovelace@example.org');
    await page.getByLabel('Current password', { exact: true }).nth(1).fill('wrong password');
    assert.equal(
      (await clickAndWait(page, page.getByRole('button', { name: 'Send confirmation link' }))).status(),
      400,
    );
    assert.match(await page.locator('.error-summary').innerText(), /The current password is not correct/);
    await checkPage(page, 'email-change-error');

    await page.getByLabel('New email address', { exact: true }).fill('ada.lovelace@example.org');
    await page.getByLabel('Current password', { exact: true }).nth(1).fill(NEW_PASSWORD);
    assert.equal(
      (await clickAndWait(page, page.getByRole('button', { name: 'Send confirmation link' }))).status(),
      200,
    );
    assert.match(
      await page.locator('main').innerText(),
      /A confirmation link was sent to ada\.lovelace@example\.org/,
    );
    await checkPage(page, 'email-change-pending');

    const message = await smtp.waitFor((m) => m.to.includes('ada.lovelace@example.org'));
    const link = /http:\/\/\S+\/user\/confirm-email\/[A-Za-z0-9_-]{43}/.exec(message.text)?.[0];
    assert.ok(link, message.text);
    await page.goto(link, { waitUntil: 'load' });
    await checkPage(page, 'email-change-confirm');
    assert.equal(
      (await clickAndWait(page, page.getByRole('button', { name: 'Confirm email address' }))).status(),
      200,
    );
    assert.equal(
      await page.getByRole('heading', { level: 1 }).textContent(),
      'Your email address was changed',
    );
    await checkPage(page, 'email-change-done');
    await open(page, quire, '/user/summary');
    assert.match(await page.locator('main').innerText(), /ada\.lovelace@example\.org/);
    const notice = await smtp.waitFor(
      (m) =>
        m.to.includes('ada@example.org') && m.subject === 'Your Example School email address was changed',
    );
    assert.match(notice.text, /ada\.lovelace@example\.org/);
    await context.close();
  });
});
