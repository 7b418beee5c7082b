/**
 * The Admin Console pages of issue 5, driven in Chromium against a real Quire server: Options →
 * Web services (API tokens, allowed addresses) and Users → Batch import (preview, import, a file
 * with a bad line; at desktop width and on a 360 px screen, where no page may scroll sideways),
 * and a user's Change Details page with its Email address section. Every page visited is
 * screenshotted (test-output/screenshots/automation-*.png) and scanned with axe-core.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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
const USER = { username: 'uma', password: 'uma-internal-Pass-7316' };
const SCREENS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: '360', viewport: { width: 360, height: 780 } },
];

describe('issue 5 admin pages in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  let tmp: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [quire, browser, tmp] = await Promise.all([
      startQuireServer(),
      launchBrowser(),
      mkdtemp(path.join(os.tmpdir(), 'quire-automation-')),
    ]);
    await seedExampleSchool(quire);
    await quire.app.services.users.createInternal(
      { ...ADMIN, fullName: 'Root Administrator', isAdmin: true },
      TEST_ACTOR,
    );
    await quire.app.services.users.createInternal(
      { ...USER, fullName: 'Uma Internal', email: 'uma@example.org' },
      TEST_ACTOR,
    );
  });

  after(async () => {
    await browser?.close();
    await quire?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  async function newPage(viewport?: { width: number; height: number }): Promise<Page> {
    const context = await newContext(browser, viewport ? { viewport } : {});
    contexts.push(context);
    return context.newPage();
  }

  async function adminPage(viewport?: { width: number; height: number }): Promise<Page> {
    const page = await newPage(viewport);
    assert.equal((await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password)).status(), 200);
    assert.equal(new URL(page.url()).pathname, '/admin/dashboard');
    await open(page, quire, '/admin/users');
    return page;
  }

  it('creates an API token shown once, revokes it, and validates the allowed addresses', async () => {
    const page = await adminPage();
    await open(page, quire, '/admin/options');
    const tab = page
      .getByRole('navigation', { name: 'Options pages' })
      .getByRole('link', { name: 'Web services' });
    assert.equal((await clickAndWait(page, tab)).status(), 200);
    assert.equal(new URL(page.url()).pathname, '/admin/options/web-services');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Web services');
    assert.match(await page.locator('main').innerText(), /No API tokens yet/);
    await checkPage(page, 'automation-web-services');

    // Create "scripts" with the xmlrpc scope only (nothing is ticked before), unticking anything else.
    await page.getByLabel('Token name', { exact: true }).fill('scripts');
    for (const box of await page.locator('input[type=checkbox][name^="scope:"]').all()) {
      if ((await box.getAttribute('name')) === 'scope:xmlrpc') await box.check();
      else await box.uncheck();
    }
    const created = await clickAndWait(page, page.getByRole('button', { name: 'Create token' }));
    assert.equal(created.status(), 200);
    assert.match(created.headers()['cache-control'] ?? '', /no-store/);
    const token = (await page.locator('code#new-token').textContent())?.trim() ?? '';
    assert.ok(token.length >= 20, `token shown: "${token}"`);
    assert.equal(await page.getByRole('heading', { name: 'New token: scripts' }).count(), 1);
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'scripts', exact: true }) });
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /xmlrpc/);
    assert.match(await row.innerText(), /Active/);
    await checkPage(page, 'automation-web-services-token-created');
    const stored = await quire.app.services.apiTokens.list();
    assert.deepEqual(
      stored.map((t) => [t.name, t.scopes]),
      [['scripts', ['xmlrpc']]],
    );

    // The list page, loaded again, does not show the token.
    assert.equal((await open(page, quire, '/admin/options/web-services')).status(), 200);
    assert.equal(await page.locator('#new-token').count(), 0);
    assert.ok(!(await page.content()).includes(token), 'the token is shown again');
    assert.equal(
      await page
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: 'scripts', exact: true }) })
        .count(),
      1,
    );

    // Revoke it: the list's link opens the confirmation page, whose button revokes.
    await clickAndWait(page, page.getByRole('link', { name: 'Revoke scripts' }));
    await checkPage(page, 'automation-web-services-revoke-confirm');
    const revoked = await clickAndWait(page, page.getByRole('button', { name: 'Revoke scripts' }));
    assert.equal(revoked.status(), 200);
    assert.match(await page.locator('main').innerText(), /The token was revoked/);
    const revokedRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'scripts', exact: true }) });
    assert.match(await revokedRow.innerText(), /Revoked/);
    assert.equal(await page.getByRole('button', { name: 'Revoke scripts' }).count(), 0);
    assert.ok(
      (await quire.app.services.apiTokens.list())[0]?.revokedAt,
      'the token is revoked in the database',
    );
    await checkPage(page, 'automation-web-services-revoked');

    // An invalid allowed-address entry: the field error, nothing saved.
    const before = (await quire.app.services.settings.get()).webServicesAllowedAddresses;
    await page
      .getByRole('textbox', { name: 'Allowed addresses', exact: true })
      .fill('127.0.0.1, not-an-address');
    const refused = await clickAndWait(page, page.getByRole('button', { name: 'Save allowed addresses' }));
    assert.equal(refused.status(), 400);
    assert.match(await page.locator('.error-summary').innerText(), /"not-an-address" is not an IP address/);
    assert.match(
      await page.locator('#field-webServicesAllowedAddresses-error').innerText(),
      /"not-an-address" is not an IP address/,
    );
    assert.equal(
      await page
        .getByRole('textbox', { name: 'Allowed addresses', exact: true })
        .getAttribute('aria-invalid'),
      'true',
    );
    assert.equal(
      await page.getByRole('textbox', { name: 'Allowed addresses', exact: true }).inputValue(),
      '127.0.0.1, not-an-address',
    );
    assert.equal((await quire.app.services.settings.get()).webServicesAllowedAddresses, before);
    await checkPage(page, 'automation-web-services-address-error');

    // A valid list saves.
    await page
      .getByRole('textbox', { name: 'Allowed addresses', exact: true })
      .fill('127.0.0.1\n192.168.1.0/24\nfd00::/8');
    const saved = await clickAndWait(page, page.getByRole('button', { name: 'Save allowed addresses' }));
    assert.equal(saved.status(), 200);
    assert.match(await page.locator('main').innerText(), /The allowed addresses were saved/);
    assert.equal(
      (await quire.app.services.settings.get()).webServicesAllowedAddresses,
      '127.0.0.1, 192.168.1.0/24, fd00::/8',
    );
    assert.equal(
      await page.getByRole('textbox', { name: 'Allowed addresses', exact: true }).inputValue(),
      '127.0.0.1, 192.168.1.0/24, fd00::/8',
    );
    await checkPage(page, 'automation-web-services-addresses-saved');
  });

  /** The report's counts table as { label: number }. */
  async function reportCounts(page: Page): Promise<Record<string, number>> {
    const rows = await page
      .locator('section[aria-labelledby="report-title"] table')
      .first()
      .locator('tbody tr')
      .all();
    const counts: Record<string, number> = {};
    for (const row of rows)
      counts[(await row.locator('th').innerText()).trim()] = Number(await row.locator('td').innerText());
    return counts;
  }

  async function chooseFile(page: Page, name: string, lines: string[]): Promise<void> {
    const file = path.join(tmp, name);
    await writeFile(file, `${lines.join('\n')}\n`, 'utf8');
    await page.getByLabel('File', { exact: true }).setInputFiles(file);
    await page.getByRole('radio', { name: 'Internal users' }).check();
  }

  for (const screen of SCREENS) {
    it(`previews and imports an internal-users file, and refuses a file with a bad line (${screen.name})`, async () => {
      const { users } = quire.app.services;
      const page = await adminPage(screen.viewport);
      const jsmith = `jsmith-${screen.name}`;
      const guest = `guest01-${screen.name}`;
      assert.equal(
        (
          await clickAndWait(
            page,
            page.getByRole('navigation', { name: 'Actions' }).getByRole('link', { name: 'Batch import' }),
          )
        ).status(),
        200,
      );
      assert.equal(new URL(page.url()).pathname, '/admin/batch-import');
      assert.equal(
        await page.getByRole('heading', { level: 1 }).textContent(),
        'Batch user import and update',
      );
      await checkPage(page, `automation-batch-import-${screen.name}`);
      await assertFitsWidth(page, 'automation-batch-import');

      const good = [
        '# username\tpassword\tbalance\trestricted\tfull name\temail\tdepartment',
        `${jsmith}\tCorrect-Horse-Battery-42\t\t\tJohn Smith\tjsmith@example.org\tScience`,
        `${guest}\tTulip-Lantern-Orbit-9`,
      ];
      await chooseFile(page, `internal-users-${screen.name}.tsv`, good);
      const preview = await clickAndWait(page, page.getByRole('button', { name: 'Preview', exact: true }));
      assert.equal(preview.status(), 200);
      assert.equal(await page.getByRole('heading', { name: 'Preview', level: 2 }).count(), 1);
      assert.match(await page.locator('main').innerText(), /Nothing was changed/);
      assert.deepEqual(await reportCounts(page), {
        'Lines read': 2,
        'Would be created': 2,
        'Would be updated': 0,
        Unchanged: 0,
        'Skipped (users that do not exist)': 0,
        Rejected: 0,
      });
      assert.equal(await users.findByUsername(jsmith), undefined);
      assert.equal(await users.findByUsername(guest), undefined);
      const listed = page.getByRole('table', { name: 'Users the import creates or changes' });
      assert.match(
        await listed.innerText(),
        new RegExp(`${jsmith}\\s+Create\\s+full name, email, department, password`),
      );
      await checkPage(page, `automation-batch-import-preview-${screen.name}`);
      await assertFitsWidth(page, 'automation-batch-import-preview');

      // The preview's own Import button: the file is not chosen again.
      const imported = await clickAndWait(
        page,
        page.getByRole('button', { name: 'Import the previewed file', exact: true }),
      );
      assert.equal(imported.status(), 200);
      assert.equal(await page.getByRole('heading', { name: 'Import report', level: 2 }).count(), 1);
      assert.match(await page.locator('main').innerText(), /The file was imported/);
      assert.deepEqual(await reportCounts(page), {
        'Lines read': 2,
        Created: 2,
        Updated: 0,
        Unchanged: 0,
        'Skipped (users that do not exist)': 0,
        Rejected: 0,
      });
      const created = await users.findByUsername(jsmith);
      assert.ok(created, 'jsmith was created');
      assert.equal(created.full_name, 'John Smith');
      assert.equal(created.email, 'jsmith@example.org');
      assert.equal(created.source_id, null, 'an internal user');
      assert.ok(await users.findByUsername(guest), 'guest01 was created');
      await checkPage(page, `automation-batch-import-done-${screen.name}`);
      await assertFitsWidth(page, 'automation-batch-import-done');

      // A bad line: the report names it and nothing is imported, not even the good line.
      await chooseFile(page, `bad-${screen.name}.tsv`, [
        `kpatel-${screen.name}\tMaple-Harbour-Quill-5\t\t\tKiran Patel`,
        'bad/name\tRiver-Copper-Falcon-8',
      ]);
      const rejected = await clickAndWait(page, page.getByRole('button', { name: 'Import', exact: true }));
      assert.equal(rejected.status(), 200);
      assert.match(
        await page.locator('main').innerText(),
        /1 line\(s\) were rejected, so nothing was imported/,
      );
      assert.equal(await page.getByRole('heading', { name: 'Not imported', level: 2 }).count(), 1);
      assert.deepEqual(await reportCounts(page), {
        'Lines read': 2,
        'Would be created': 1,
        'Would be updated': 0,
        Unchanged: 0,
        'Skipped (users that do not exist)': 0,
        Rejected: 1,
      });
      const rejectedRows = page.getByRole('table', { name: 'Rejected lines' }).locator('tbody tr');
      assert.equal(await rejectedRows.count(), 1);
      assert.deepEqual(await rejectedRows.first().locator('td').allInnerTexts(), [
        '2',
        'The username "bad/name" is refused. Usernames may not contain "/", "\\" or "@".',
      ]);
      assert.equal(await users.findByUsername(`kpatel-${screen.name}`), undefined);
      await checkPage(page, `automation-batch-import-rejected-${screen.name}`);
      await assertFitsWidth(page, 'automation-batch-import-rejected');
    });
  }

  it("shows an internal user's Change Details page with the Email address section", async () => {
    const page = await newPage();
    await signIn(page, quire, 'user', USER.username, USER.password);
    assert.equal((await open(page, quire, '/user/change-details')).status(), 200);
    assert.equal(await page.getByRole('heading', { name: 'Email address', level: 2 }).count(), 1);
    assert.equal(await page.getByLabel('New email address', { exact: true }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Send confirmation link' }).count(), 1);
    assert.match(await page.locator('main').innerText(), /uma@example\.org/);
    await checkPage(page, 'automation-change-details');
  });
});
