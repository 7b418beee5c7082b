/**
 * Without a mail server, and with an account that expires, in Chromium at desktop width and on a
 * 360 px screen: the log-in and "Forgot your password?" pages say whom to ask, and the Admin
 * Console shows a user's expiry date. No serious axe problem, no page wider than the screen.
 * Screenshots go to test-output/screenshots/.
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
  seedExampleSchool,
  signIn,
  startQuireServer,
  TEST_ACTOR,
  type QuireServer,
} from '../test-support/browser.js';

const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };
const SCREENS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: '360', viewport: { width: 360, height: 780 } },
];

describe('mail and account expiry in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer(), launchBrowser()]);
    await seedExampleSchool(quire);
    const { users } = quire.app.services;
    await users.createInternal({ ...ADMIN, isAdmin: true }, TEST_ACTOR);
    await users.createInternal({ username: 'visitor', password: 'visitor-Pass-4821' }, TEST_ACTOR);
    await users.setExpiry('visitor', '2020-01-31', TEST_ACTOR);
  });
  after(async () => {
    await browser?.close();
    await quire?.close();
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
    it(`offers no reset link without mail and says whom to ask (${screen.name})`, async () => {
      const page = await newPage(screen.viewport);
      assert.equal((await open(page, quire, '/user/login')).status(), 200);
      assert.equal(await page.getByRole('link', { name: 'Forgot your password?' }).count(), 0);
      assert.match(await page.locator('main').innerText(), /Ask your administrator to reset your password\./);
      await assertFitsWidth(page, `user-login-no-mail-${screen.name}`);
      await checkPage(page, `user-login-no-mail-${screen.name}`);

      assert.equal((await open(page, quire, '/user/forgot-password')).status(), 200);
      assert.equal(await page.getByLabel('Username or email').count(), 0, 'no form');
      const text = await page.locator('main').innerText();
      assert.match(text, /Passwords cannot be reset by email here/);
      await assertFitsWidth(page, `user-forgot-no-mail-${screen.name}`);
      await checkPage(page, `user-forgot-no-mail-${screen.name}`);
      assert.equal((await clickAndWait(page, page.getByRole('link', { name: /log in/i }))).status(), 200);
    });

    it(`shows an expired account on its page and in the Users list (${screen.name})`, async () => {
      const page = await newPage(screen.viewport);
      assert.equal((await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password)).status(), 200);
      assert.equal((await open(page, quire, '/admin/users/visitor')).status(), 200);
      assert.match(await page.locator('h1').innerText(), /Expired/);
      assert.match(await page.locator('main').innerText(), /Expired on 31 Jan 2020/);
      assert.equal(await page.getByLabel('Expiry date').inputValue(), '2020-01-31');
      await assertFitsWidth(page, `admin-user-expired-${screen.name}`);
      await checkPage(page, `admin-user-expired-${screen.name}`);

      // A date the browser's picker cannot give, typed into a plain form: 400 and the field error.
      await page.evaluate(() => document.querySelector('#field-expiryDate')?.setAttribute('type', 'text'));
      await page.getByLabel('Expiry date').fill('31.01.2020');
      const refused = await clickAndWait(page, page.getByRole('button', { name: 'Save expiry date' }));
      assert.equal(refused.status(), 400);
      await checkPage(page, `admin-user-expiry-error-${screen.name}`);

      assert.equal((await open(page, quire, '/admin/users?q=visitor')).status(), 200);
      assert.match(await page.locator('main').innerText(), /Expired/);
      await assertFitsWidth(page, `admin-users-expired-${screen.name}`);
    });
  }
});
