/**
 * Admin Console → Options → Web services in Chromium, at desktop width and on a 360 px screen:
 * nothing is ticked before the administrator ticks it, a token gets an expiry date, Revoke asks
 * on its own page first, an expired token shows as Expired; no serious axe problem and no page
 * wider than the screen. Screenshots: test-output/screenshots/api-tokens-*.png.
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

const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };
const PAGE = '/admin/options/web-services';
const SCREENS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: '360', viewport: { width: 360, height: 780 } },
];

describe('Admin Console → Web services tokens in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer(), launchBrowser()]);
    await quire.app.services.users.createInternal({ ...ADMIN, isAdmin: true }, TEST_ACTOR);
    // A token whose last day has passed: inserted through the repository's row, as a token made
    // yesterday with today as its last day would be now.
    const { row } = await quire.app.services.apiTokens.create(
      { name: 'last term', scopes: ['users:read'] },
      TEST_ACTOR,
    );
    await quire.app.database.db
      .updateTable('api_tokens')
      .set({ expires_at: '2026-01-01T00:00:00.000Z' })
      .where('id', '=', row.id)
      .execute();
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

  async function check(page: Page, name: string): Promise<void> {
    await assertFitsWidth(page, name);
    await checkPage(page, name);
  }

  for (const screen of SCREENS) {
    it(`creates a token with only the ticked scope and an expiry, and revokes it after asking (${screen.name})`, async () => {
      const page = await adminPage(screen.viewport);
      assert.equal((await open(page, quire, PAGE)).status(), 200);
      const boxes = page.locator('input[type=checkbox][name^="scope:"]');
      for (const box of await boxes.all())
        assert.equal(await box.isChecked(), false, 'nothing is pre-ticked');
      const expired = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'last term' }) });
      assert.match(await expired.innerText(), /Expired/);
      assert.equal(await page.getByRole('link', { name: 'Revoke last term' }).count(), 0);
      await check(page, `api-tokens-list-${screen.name}`);

      // Nothing ticked: the form comes back with the field's error.
      const name = `reports ${screen.name}`;
      await page.getByLabel('Token name', { exact: true }).fill(name);
      const refused = await clickAndWait(page, page.getByRole('button', { name: 'Create token' }));
      assert.equal(refused.status(), 400);
      assert.match(await page.locator('#field-scopes-error').innerText(), /Choose at least one scope/);
      await check(page, `api-tokens-no-scope-${screen.name}`);

      await page.getByLabel('users:read', { exact: true }).check();
      await page.getByLabel('Expires', { exact: true }).fill('2999-12-31');
      const created = await clickAndWait(page, page.getByRole('button', { name: 'Create token' }));
      assert.equal(created.status(), 200);
      const stored = (await quire.app.services.apiTokens.list()).find((token) => token.name === name);
      assert.deepEqual(stored?.scopes, ['users:read'], 'exactly the ticked scope');
      assert.match(stored?.expiresAt ?? '', /^(2999-12-31|3000-01-01)T/);
      await check(page, `api-tokens-created-${screen.name}`);

      await clickAndWait(page, page.getByRole('link', { name: `Revoke ${name}` }));
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Revoke the token ${name}?`);
      assert.equal(
        (await quire.app.services.apiTokens.list()).find((token) => token.name === name)?.status,
        'active',
        'opening the confirmation revokes nothing',
      );
      await check(page, `api-tokens-revoke-confirm-${screen.name}`);
      await clickAndWait(page, page.getByRole('button', { name: `Revoke ${name}` }));
      assert.equal(new URL(page.url()).pathname, PAGE);
      assert.match(await page.locator('main').innerText(), /The token was revoked/);
      assert.equal(
        (await quire.app.services.apiTokens.list()).find((token) => token.name === name)?.status,
        'revoked',
      );
      await check(page, `api-tokens-revoked-${screen.name}`);
    });
  }
});
