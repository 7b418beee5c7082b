/**
 * User/Group Sync pages touched by issue 17 in Chromium, at desktop width and on a 360 px screen:
 * the list (Synchronize Now on screen without sideways scrolling), a custom program source's Edit
 * page, the sync options with the schedule's choices, and a Remove page that cannot remove. No
 * serious axe problem; screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';
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
import { REPOSITORY_ROOT } from '../test-support/cli.js';

const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };
const EXAMPLES = path.join(REPOSITORY_ROOT, 'examples', 'custom-directory');
const SCREENS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: '360', viewport: { width: 360, height: 780 } },
];

describe('User/Group Sync pages in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  let sourceId = 0;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer(), launchBrowser()]);
    await quire.app.services.users.createInternal({ ...ADMIN, isAdmin: true }, TEST_ACTOR);
    const source = await quire.app.services.sources.add(
      customProgramKind,
      {
        name: 'Corporate Directory',
        program: path.join(EXAMPLES, 'users.sh'),
        authProgram: path.join(EXAMPLES, 'auth.sh'),
      },
      TEST_ACTOR,
    );
    sourceId = source.id;
    await quire.app.services.sync.run(source, { dryRun: false, actor: TEST_ACTOR });
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

  async function assertFits(page: Page, name: string): Promise<void> {
    const [scrollWidth, width] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    assert.ok(scrollWidth <= width, `${name} is ${scrollWidth} px wide on a ${width} px screen`);
  }

  for (const screen of SCREENS) {
    it(`shows the Sync page with Synchronize Now on screen, and the source's pages (${screen.name})`, async () => {
      const page = await adminPage(screen.viewport);
      assert.equal((await open(page, quire, '/admin/sources')).status(), 200);
      await checkPage(page, `sync-page-${screen.name}`);
      await assertFits(page, 'sync page');
      const button = page.getByRole('button', { name: 'Synchronize Now from Corporate Directory' });
      const box = await button.boundingBox();
      assert.ok(box, 'Synchronize Now is shown');
      assert.ok(
        box.x >= 0 && box.x + box.width <= screen.viewport.width,
        `Synchronize Now is on screen (${box.x}–${box.x + box.width} px)`,
      );
      assert.match(await page.locator('main').innerText(), /Every day at 02:00/);

      for (const [pathname, name] of [
        [`/admin/sources/${sourceId}/edit`, 'source-edit-custom'],
        [`/admin/sources/${sourceId}/options`, 'sync-options-schedule'],
        [`/admin/sources/${sourceId}/remove`, 'source-remove-refused'],
      ] as const) {
        assert.equal((await open(page, quire, pathname)).status(), 200, pathname);
        await checkPage(page, `${name}-${screen.name}`);
        await assertFits(page, name);
      }
      assert.equal(await page.getByRole('button', { name: 'Remove source' }).count(), 0);
    });
  }

  it('runs a test run, then refuses a second run while it is in progress; the schedule form saves a weekly choice', async () => {
    const page = await adminPage(SCREENS[0]!.viewport);
    await open(page, quire, `/admin/sources/${sourceId}/options`);
    await page.getByLabel('Synchronize', { exact: true }).selectOption('weekly');
    await page.getByLabel('Time (HH:MM)').fill('06:00');
    await page.getByLabel('Day of the week').selectOption('1');
    let response = await clickAndWait(page, page.getByRole('button', { name: 'Save sync options' }));
    assert.equal(response.status(), 200);
    assert.match(await page.locator('main').innerText(), /Every Monday at 06:00/);

    await open(page, quire, `/admin/sources/${sourceId}/edit`);
    await page.getByLabel('Name', { exact: true }).fill('Corporate Directory 2');
    response = await clickAndWait(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(response.status(), 200);
    assert.match(await page.locator('main').innerText(), /The source settings were saved\./);

    await clickAndWait(
      page,
      page.getByRole('button', { name: 'Test run (change nothing) from Corporate Directory 2' }),
    );
    assert.match(new URL(page.url()).pathname, /^\/admin\/sync-runs\/\d+$/);
    assert.match(await page.locator('main').innerText(), /Test run \(nothing changed\)/);
  });
});
