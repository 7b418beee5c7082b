/**
 * Mail an administrator sends a user, in Chromium at desktop width and on a 360 px screen: "Send
 * password reset email" on an internal user's Details tab and the new user's log-in link on Create
 * internal user. No serious axe problem, no page wider than the screen. Screenshots go to
 * test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  assertFitsWidth,
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

const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };
const SCREENS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: '360', viewport: { width: 360, height: 780 } },
];

describe('mail an administrator sends, in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  let smtp: TestSmtpServer;
  const contexts: BrowserContext[] = [];

  before(async () => {
    smtp = await startSmtpServer();
    [quire, browser] = await Promise.all([
      startQuireServer({
        QUIRE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}?security=none`,
        QUIRE_MAIL_FROM: 'print@example.org',
      }),
      launchBrowser(),
    ]);
    const { users } = quire.app.services;
    await users.createInternal({ ...ADMIN, isAdmin: true }, TEST_ACTOR);
    await users.createInternal(
      {
        username: 'ada',
        password: 'ada-long-Pass-4821',
        email: 'a.very.long.address.for.ada@faculty.example.org',
      },
      TEST_ACTOR,
    );
  });
  after(async () => {
    await browser?.close();
    await quire?.close();
    await smtp?.stop();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await newContext(browser, { viewport });
    contexts.push(context);
    return context.newPage();
  }

  for (const screen of SCREENS) {
    it(`sends a password reset email from the Details tab (${screen.name})`, async () => {
      const page = await newPage(screen.viewport);
      assert.equal((await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password)).status(), 200);
      assert.equal((await open(page, quire, '/admin/users/ada')).status(), 200);
      await assertFitsWidth(page, `admin-user-reset-email-${screen.name}`);
      await checkPage(page, `admin-user-reset-email-${screen.name}`);
      const sent = await clickAndWait(page, page.getByRole('button', { name: 'Send password reset email' }));
      assert.equal(sent.status(), 200);
      assert.match(
        await page.getByRole('status').first().innerText(),
        /A password reset email was sent to ada\./,
      );
      await smtp.waitFor((m) => m.to.includes('a.very.long.address.for.ada@faculty.example.org'));
    });

    it(`offers the log-in link on Create internal user and explains a missing address (${screen.name})`, async () => {
      const page = await newPage(screen.viewport);
      assert.equal((await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password)).status(), 200);
      assert.equal((await open(page, quire, '/admin/create-internal-user')).status(), 200);
      await page.getByLabel('Username', { exact: true }).fill(`guest-${screen.name}`);
      await page.getByLabel('Email the new user their log-in link').check();
      const refused = await clickAndWait(page, page.getByRole('button', { name: 'Create user' }));
      assert.equal(refused.status(), 400);
      assert.match(
        await page.locator('main').innerText(),
        /Enter an email address to send the log-in link to\./,
      );
      await assertFitsWidth(page, `admin-new-user-link-${screen.name}`);
      await checkPage(page, `admin-new-user-link-${screen.name}`);
    });
  }
});
