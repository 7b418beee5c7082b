/**
 * Admin Console → Accounts in Chromium, on a desktop and on a 360 px screen: an administrator
 * creates a shared account (after a refused form), gives a user access, adjusts its balance and
 * reads its transactions. Every page is screenshotted (test-output/screenshots/), scanned with
 * axe-core and checked not to scroll sideways.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  checkPage,
  chromiumSkip,
  clickAndWait,
  launchBrowser,
  newContext,
  signIn,
  startQuireServer,
  TEST_ACTOR,
  type QuireServer,
} from '../test-support/browser.js';

const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };

describe('Admin Console → Accounts in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer(), launchBrowser()]);
    const { users } = quire.app.services;
    await users.createInternal({ ...ADMIN, isAdmin: true }, TEST_ACTOR);
    await users.createInternal({ username: 'alice', password: 'alice-Pass-4821' }, TEST_ACTOR);
  });
  after(async () => {
    await browser?.close();
    await quire?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  /** Screenshot and axe, and nothing wider than the screen but the tables' own scroll boxes. */
  async function check(page: Page, name: string): Promise<void> {
    await checkPage(page, name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow} px`);
  }

  for (const [label, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['360', { width: 360, height: 780 }],
  ] as const) {
    it(`creates, grants, adjusts and lists a shared account (${label})`, async () => {
      const context = await newContext(browser, { viewport });
      contexts.push(context);
      const page = await context.newPage();
      const name = `Science ${label}`;
      assert.equal((await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password)).status(), 200);
      await clickAndWait(
        page,
        page.getByRole('navigation', { name: 'Admin Console' }).getByRole('link', { name: 'Accounts' }),
      );
      await check(page, `shared-accounts-list-${label}`);

      await clickAndWait(page, page.getByRole('link', { name: 'Create shared account' }));
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Overdraft', { exact: true }).fill('lots');
      let response = await clickAndWait(page, page.getByRole('button', { name: 'Create shared account' }));
      assert.equal(response.status(), 400);
      await check(page, `shared-account-new-error-${label}`);
      await page.getByLabel('Overdraft', { exact: true }).fill('2.50');
      await page.getByLabel('Restricted (stop printing when the credit runs out)').check();
      response = await clickAndWait(page, page.getByRole('button', { name: 'Create shared account' }));
      assert.equal(response.status(), 200);
      assert.match(
        await page.locator('main').innerText(),
        new RegExp(`The shared account ${name} was created\\.`),
      );
      await check(page, `shared-account-details-${label}`);

      await clickAndWait(page, page.getByRole('link', { name: 'Access', exact: true }));
      await page.getByLabel('Username', { exact: true }).fill('alice');
      await clickAndWait(page, page.getByRole('button', { name: 'Add user' }));
      assert.match(await page.locator('main').innerText(), /Remove alice/);
      await check(page, `shared-account-access-${label}`);

      await clickAndWait(page, page.getByRole('link', { name: 'Adjust balance', exact: true }));
      await page.getByLabel('Amount', { exact: true }).fill('12.50');
      await page.getByLabel('Comment', { exact: true }).fill('Budget for the term');
      await clickAndWait(page, page.getByRole('button', { name: 'Adjust balance' }));
      assert.match(await page.locator('main').innerText(), /\$12\.50/);
      await check(page, `shared-account-adjust-${label}`);

      await clickAndWait(page, page.getByRole('link', { name: 'Transactions', exact: true }));
      assert.match(await page.locator('main').innerText(), /Budget for the term/);
      await check(page, `shared-account-transactions-${label}`);

      await clickAndWait(page, page.getByRole('link', { name: 'Details', exact: true }));
      await clickAndWait(page, page.getByRole('link', { name: `Delete ${name}…` }));
      await check(page, `shared-account-delete-${label}`);
      await clickAndWait(page, page.getByRole('button', { name: `Delete ${name}` }));
      assert.match(await page.locator('main').innerText(), /The shared account was deleted\./);
      assert.equal(await quire.app.services.sharedAccounts.exists(name), false);
    });
  }
});
