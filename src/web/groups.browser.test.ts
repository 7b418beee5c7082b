/**
 * Admin Console → Groups and the Users list's balance columns in Chromium, at desktop width and
 * on a 360 px screen: no serious axe problem, no page wider than the screen, and the forms work
 * without JavaScript. Screenshots go to test-output/screenshots/.
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

describe('Admin Console → Groups in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer(), launchBrowser()]);
    await seedExampleSchool(quire);
    await quire.app.services.users.createInternal({ ...ADMIN, isAdmin: true }, TEST_ACTOR);
    await quire.app.services.groupAccounts.setQuota(
      'Staff',
      { amount: 50_000, period: 'weekly', cap: 200_000 },
      TEST_ACTOR,
    );
    // What `quire serve` does within a minute of a sync: every user gets their account.
    await quire.app.services.accounts.openMissing();
    await quire.app.services.accounts.adjust('bob', -20_000, 'Overspent', TEST_ACTOR);
  });
  after(async () => {
    await browser?.close();
    await quire?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  async function adminPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await newContext(browser, { viewport });
    contexts.push(context);
    const page = await context.newPage();
    assert.equal((await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password)).status(), 200);
    return page;
  }

  /** The page fits the screen: only the tables' own scroll boxes may scroll sideways. */
  async function assertFits(page: Page, name: string): Promise<void> {
    const [scrollWidth, width] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    assert.ok(scrollWidth <= width, `${name} is ${scrollWidth} px wide on a ${width} px screen`);
  }

  for (const screen of SCREENS) {
    it(`shows the Groups list, a group's page and the Users list cleanly (${screen.name})`, async () => {
      const page = await adminPage(screen.viewport);
      for (const [path, name] of [
        ['/admin/groups', 'groups-list'],
        ['/admin/groups/Staff', 'group-staff'],
        ['/admin/users?sort=balance', 'users-list-balance'],
      ]) {
        assert.equal((await open(page, quire, path!)).status(), 200, path);
        await checkPage(page, `${name}-${screen.name}`);
        await assertFits(page, name!);
      }
    });
  }

  it('adjusts every member’s balance from the group page, then shows a refused form accessibly', async () => {
    const page = await adminPage(SCREENS[0]!.viewport);
    await open(page, quire, '/admin/groups');
    await clickAndWait(page, page.getByRole('link', { name: 'Research Team', exact: true }));
    const form = page.locator('form[action$="/adjust"]');
    await form.getByLabel('Amount', { exact: true }).fill('1.50');
    await form.getByLabel('Comment', { exact: true }).fill('Project credit');
    let response = await clickAndWait(page, page.getByRole('button', { name: 'Adjust all balances' }));
    assert.equal(response.status(), 200);
    assert.match(
      await page.locator('.notice').innerText(),
      /The balances of 2 members of Research Team were adjusted\./,
    );
    assert.equal((await quire.app.services.accounts.accountOf('carol')).account.balance, 15_000);
    await form.getByLabel('Amount', { exact: true }).fill('lots');
    response = await clickAndWait(page, page.getByRole('button', { name: 'Adjust all balances' }));
    assert.equal(response.status(), 400);
    await checkPage(page, 'group-adjust-refused');
  });
});
