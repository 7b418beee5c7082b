/**
 * Two-factor sign-in with an authenticator app in Chromium, at desktop width and on a 360 px
 * screen: set-up, recovery codes and the second step fit the screen and pass axe. Security keys
 * (WebAuthn) are in security-keys.browser.test.ts. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { base32Decode, hotp, stepAt } from '../auth/two-factor/totp.js';
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

const PASSWORD = 'lantern-orchid-93';
const SCREENS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: '360', viewport: { width: 360, height: 780 } },
];

describe('Two-factor sign-in in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer(), launchBrowser()]);
    for (const screen of SCREENS)
      await quire.app.services.users.createInternal(
        { username: `tf-${screen.name}`, password: PASSWORD },
        TEST_ACTOR,
      );
  });
  after(async () => {
    await browser?.close();
    await quire?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  for (const screen of SCREENS) {
    it(`sets up an authenticator app and logs in with its code (${screen.name})`, async () => {
      const context = await newContext(browser, { viewport: screen.viewport });
      contexts.push(context);
      const page = await context.newPage();
      const username = `tf-${screen.name}`;
      assert.equal((await signIn(page, quire, 'user', username, PASSWORD)).status(), 200);
      assert.equal((await open(page, quire, '/user/two-factor')).status(), 200);
      await checkPage(page, `two-factor-${screen.name}`);
      await assertFitsWidth(page, 'two-factor');
      await clickAndWait(page, page.getByRole('button', { name: 'Set up an authenticator app' }));
      await checkPage(page, `two-factor-setup-${screen.name}`);
      await assertFitsWidth(page, 'two-factor setup');
      const secret = (await page.locator('code.totp-secret').innerText()).replaceAll(' ', '');
      const key = base32Decode(secret);
      const step = stepAt(Date.now());
      await page.getByLabel('Enter the 6-digit code the app now shows:').fill(hotp(key, step));
      const codes = await clickAndWait(page, page.getByRole('button', { name: 'Turn on' }));
      assert.equal(codes.status(), 200);
      assert.equal(await page.locator('ol.recovery-codes li').count(), 10);
      await checkPage(page, `two-factor-recovery-codes-${screen.name}`);
      await assertFitsWidth(page, 'recovery codes');

      await context.clearCookies();
      const second = await signIn(page, quire, 'user', username, PASSWORD);
      assert.match(second.url(), /\/user\/login\/second-factor$/);
      await checkPage(page, `second-factor-${screen.name}`);
      await assertFitsWidth(page, 'second factor');
      await page.getByLabel('Code', { exact: true }).fill(hotp(key, step + 1));
      const done = await clickAndWait(page, page.getByRole('button', { name: 'Log in' }));
      assert.match(done.url(), /\/user\/summary$/);
    });
  }
});
