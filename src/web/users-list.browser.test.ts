/**
 * Admin Console → Users in Chromium, at desktop width and on a 360 px screen: the filters, count,
 * pages and bulk actions have no serious axe problem and the page never scrolls sideways (the
 * table scrolls inside its own box); a bulk action and the Delete confirmation work without
 * JavaScript. Screenshots go to test-output/screenshots/.
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

describe('Admin Console → Users list in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer(), launchBrowser()]);
    await seedExampleSchool(quire);
    await quire.app.services.users.createInternal({ ...ADMIN, isAdmin: true }, TEST_ACTOR);
    for (let i = 0; i < 30; i++)
      await quire.app.services.users.createInternal(
        {
          username: `guest-${String(i).padStart(2, '0')}`,
          password: 'guest-Pass-4821-long',
          fullName: `Conference Guest Number ${i} With A Long Name`,
          email: `conference.guest.number.${i}@visitors.example-school.invalid`,
          department: 'Visitors',
        },
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

  async function adminPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await newContext(browser, { viewport });
    contexts.push(context);
    const page = await context.newPage();
    assert.equal((await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password)).status(), 200);
    return page;
  }

  for (const screen of SCREENS) {
    it(`shows the filtered, paged Users list and a refused bulk form cleanly (${screen.name})`, async () => {
      const page = await adminPage(screen.viewport);
      assert.equal((await open(page, quire, '/admin/users?dept=Visitors&size=25&page=1')).status(), 200);
      assert.equal(await page.getByRole('status').first().innerText(), '30 users');
      await checkPage(page, `users-list-paged-${screen.name}`);
      await assertFitsWidth(page, 'users-list-paged');
      const response = await clickAndWait(
        page,
        page.getByRole('button', { name: 'Apply to selected users' }),
      );
      assert.equal(response.status(), 400);
      await checkPage(page, `users-list-bulk-refused-${screen.name}`);
      await assertFitsWidth(page, 'users-list-bulk-refused');
    });
  }

  it('disables ticked users, then deletes after the confirmation page, without JavaScript', async () => {
    const page = await adminPage(SCREENS[1]!.viewport);
    await open(page, quire, '/admin/users?dept=Visitors');
    await page.getByLabel('Select guest-00', { exact: true }).check();
    await page.getByLabel('Select guest-01', { exact: true }).check();
    await page.getByLabel('Action', { exact: true }).selectOption('disable');
    let response = await clickAndWait(page, page.getByRole('button', { name: 'Apply to selected users' }));
    assert.equal(response.status(), 200);
    assert.match(await page.locator('.notice').innerText(), /2 users disabled\./);
    assert.equal((await quire.app.services.users.findByUsername('guest-01'))?.disabled, 1);
    await checkPage(page, 'users-bulk-result-360');

    await clickAndWait(page, page.getByRole('link', { name: 'Back to Users' }));
    await page.getByLabel('Select guest-02', { exact: true }).check();
    await page.getByLabel('Action', { exact: true }).selectOption('delete');
    response = await clickAndWait(page, page.getByRole('button', { name: 'Apply to selected users' }));
    assert.equal(response.status(), 200);
    await checkPage(page, 'users-bulk-delete-confirm-360');
    await assertFitsWidth(page, 'users-bulk-delete-confirm');
    assert.ok(await quire.app.services.users.findByUsername('guest-02'), 'not deleted before confirming');
    response = await clickAndWait(page, page.getByRole('button', { name: 'Delete 1 user' }));
    assert.equal(response.status(), 200);
    assert.match(await page.locator('.notice').innerText(), /1 user deleted\./);
    assert.equal(await quire.app.services.users.findByUsername('guest-02'), undefined);
  });
});
