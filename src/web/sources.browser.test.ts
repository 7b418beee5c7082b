/**
 * User/Group Sync driven in Chromium against a real Quire server and a real OpenLDAP slapd: an
 * administrator configures an LDAP source through the form, tests it, saves it, synchronizes and
 * watches the run page (it refreshes itself with a meta refresh: no JavaScript), and a directory
 * user then signs in with their directory password. Every page is screenshotted and axe-checked.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  checkPage,
  chromiumSkip,
  clickAndWait,
  launchBrowser,
  newContext,
  open,
  screenshot,
  signIn,
  startQuireServer,
  TEST_ACTOR,
  waitForRunEnd,
  type QuireServer,
} from '../test-support/browser.js';
import { generateDirectory } from '../test-support/ldap-fixtures.js';
import { skipUnless } from '../test-support/require.js';
import { slapdAvailable, startSlapd, type SlapdServer } from '../test-support/slapd.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };
const BASE_DN = 'ou=staff,dc=example,dc=org';

describe(
  'User/Group Sync in a browser',
  { skip: chromiumSkip() || skipUnless(slapdAvailable(), 'slapd is not installed') },
  () => {
    let quire: QuireServer;
    let browser: Browser;
    let slapd: SlapdServer;
    const contexts: BrowserContext[] = [];
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'quire-sources-browser-'));
    const directory = generateDirectory({
      baseDn: BASE_DN,
      flavour: 'openldap',
      users: 30,
      groups: 3,
      membersPerGroup: 6,
      prefix: 'staff',
    });

    before(async () => {
      [quire, browser, slapd] = await Promise.all([
        startQuireServer(),
        launchBrowser(),
        startSlapd({ entries: directory.entries() }),
      ]);
      await quire.app.services.settings.update({
        organizationName: 'Example School',
        passwordHelpText: 'Contact the IT Service Desk, ext. 4357',
        minPasswordLength: 8,
      });
      await quire.app.services.users.createInternal(
        { ...ADMIN, fullName: 'Root Administrator', isAdmin: true },
        TEST_ACTOR,
      );
    });

    after(async () => {
      await browser?.close();
      await quire?.close();
      await slapd?.stop();
      rmSync(scratch, { recursive: true, force: true });
    });

    afterEach(async () => {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    });

    async function adminPage(): Promise<Page> {
      const context = await newContext(browser);
      contexts.push(context);
      const page = await context.newPage();
      const response = await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password);
      assert.equal(response.status(), 200);
      return page;
    }

    it('configures an OpenLDAP source through the form, tests it, synchronizes it, and its user signs in with the directory password', async () => {
      const page = await adminPage();
      await clickAndWait(
        page,
        page
          .getByRole('navigation', { name: 'Admin Console' })
          .getByRole('link', { name: 'User/Group Sync' }),
      );
      assert.equal(new URL(page.url()).pathname, '/admin/sources');
      await checkPage(page, 'sources-empty');

      await clickAndWait(page, page.getByRole('link', { name: 'Add LDAP / Active Directory source' }));
      assert.equal(new URL(page.url()).pathname, '/admin/sources/new-ldap');
      await checkPage(page, 'sources-new-ldap');
      // The directory types' defaults sit in a <details>, which opens without script.
      await page.getByText('What each directory type fills in for a field left empty').click();
      assert.match(await page.locator('details.preset-defaults').innerText(), /sAMAccountName\s+uid\s+cn/);
      await checkPage(page, 'sources-new-ldap-defaults');

      // Save with nothing filled in: 400, every problem listed and marked on its field.
      let response = await clickAndWait(page, page.getByRole('button', { name: 'Save', exact: true }));
      assert.equal(response.status(), 400);
      const summary = await page.getByRole('alert').first().innerText();
      for (const problem of [
        'Name: Enter a name',
        'Server URLs: Enter at least one server URL',
        'Bind DN: Enter the DN',
        'Bind password: Enter the password',
        'Base DNs: Enter at least one base DN',
      ]) {
        assert.ok(summary.includes(problem), `"${problem}" in:\n${summary}`);
      }
      assert.equal(
        await page.getByLabel('Server URLs', { exact: true }).getAttribute('aria-invalid'),
        'true',
      );
      await checkPage(page, 'sources-new-ldap-400');

      await page.getByLabel('Name', { exact: true }).fill('Staff Directory');
      await page.getByLabel('Directory type', { exact: true }).selectOption({ label: 'OpenLDAP / Unix' });
      await page.getByLabel('Server URLs', { exact: true }).fill(`ldap://127.0.0.1:1\n${slapd.url}`);
      await page.getByLabel('Bind DN', { exact: true }).fill(slapd.serviceDn);
      await page.getByLabel('Bind password', { exact: true }).fill(slapd.servicePassword);
      await page.getByLabel('Base DNs', { exact: true }).fill(BASE_DN);

      // Test settings: the first users and groups, nothing saved.
      response = await clickAndWait(page, page.getByRole('button', { name: 'Test settings', exact: true }));
      assert.equal(response.status(), 200);
      const results = page.getByRole('region', { name: 'Test results' });
      assert.match(await results.innerText(), /Connected and logged in to the directory/);
      const userRows = results.getByRole('table').first().getByRole('row');
      assert.equal(await userRows.count(), 11, 'a header and the first 10 users');
      assert.match(await results.innerText(), new RegExp(directory.user(1).username));
      assert.match(await results.innerText(), /group0001\s+6/);
      assert.equal(
        await page.getByLabel('Bind password', { exact: true }).inputValue(),
        '',
        'the password is not sent back',
      );
      assert.equal(
        await page.getByLabel('Name', { exact: true }).inputValue(),
        'Staff Directory',
        'the rest of the form is kept',
      );
      assert.equal((await quire.app.services.sources.list()).length, 0, 'testing saved nothing');
      await checkPage(page, 'sources-new-ldap-tested');

      await page.getByLabel('Bind password', { exact: true }).fill(slapd.servicePassword);
      response = await clickAndWait(page, page.getByRole('button', { name: 'Save', exact: true }));
      assert.equal(response.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/admin/sources');
      assert.match((await page.getByRole('status').first().textContent()) ?? '', /The source was added\./);
      const row = page.getByRole('row').filter({ hasText: 'Staff Directory' });
      assert.match(
        await row.innerText(),
        /LDAP \/ Active Directory[\s\S]*Primary source[\s\S]*Never synchronized/,
      );
      await checkPage(page, 'sources-list-ldap');

      // Synchronize Now: straight to the run page, which refreshes itself until the run ends.
      response = await clickAndWait(page, row.getByRole('button', { name: 'Synchronize Now' }));
      assert.equal(response.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/admin\/sync-runs\/\d+$/);
      assert.equal(await waitForRunEnd(page), 'succeeded');
      const main = await page.locator('main').innerText();
      assert.match(main, /Added\s+30/);
      assert.match(main, /Groups\s+3/);
      assert.equal(
        await page.locator('meta[http-equiv="refresh"]').count(),
        0,
        'a finished run no longer refreshes',
      );
      await checkPage(page, 'sync-run-ldap-succeeded');

      const user = directory.user(3);
      const stored = await quire.app.services.users.findByUsername(user.username);
      assert.equal(stored?.password_hash, null, 'Quire stores no password for a directory user');

      // The directory user signs in with the password slapd holds, and gets no password form.
      const userContext = await newContext(browser);
      contexts.push(userContext);
      const userPage = await userContext.newPage();
      response = await signIn(userPage, quire, 'user', user.username, user.password);
      assert.equal(response.status(), 200);
      assert.equal(new URL(userPage.url()).pathname, '/user/summary');
      await clickAndWait(userPage, userPage.getByRole('link', { name: 'Change Details' }));
      const text = await userPage.locator('main').innerText();
      assert.match(text, /Your password is managed by OpenLDAP \/ Unix/);
      assert.equal(await userPage.locator('input[type="password"]').count(), 0, 'no Change Password form');
      assert.equal(await userPage.getByRole('button', { name: 'Change Password' }).count(), 0);
      await checkPage(userPage, 'sources-ldap-user-change-details');
    });

    it('shows the sync options, edit, remove pages and a failed edit accessibly', async () => {
      const page = await adminPage();
      const source = (await quire.app.services.sources.findByName('Staff Directory'))!;
      await open(page, quire, '/admin/sources');
      const row = page.getByRole('row').filter({ hasText: 'Staff Directory' });

      await clickAndWait(page, row.getByRole('link', { name: 'Sync options' }));
      assert.equal(await page.getByRole('radio', { name: 'Disable them (default)' }).isChecked(), true);
      await checkPage(page, 'sources-options');
      await page
        .getByLabel('Synchronize', { exact: true })
        .selectOption({ label: 'Custom (cron expression)' });
      await page.getByLabel('Cron expression').fill('every night');
      const response = await clickAndWait(page, page.getByRole('button', { name: 'Save sync options' }));
      assert.equal(response.status(), 400);
      assert.equal(await page.getByLabel('Cron expression').getAttribute('aria-invalid'), 'true');
      await checkPage(page, 'sources-options-400');

      await open(page, quire, `/admin/sources/${source.id}/edit`);
      assert.match(await page.locator('main').innerText(), /A password is stored; leave empty to keep it\./);
      await checkPage(page, 'sources-edit-ldap');

      await open(page, quire, `/admin/sources/${source.id}/remove`);
      assert.match(await page.locator('main').innerText(), /It provides 30 users now\./);
      assert.equal(
        await page.getByRole('button', { name: 'Remove source' }).count(),
        0,
        'no button that could only fail: the source provides users',
      );
      await checkPage(page, 'sources-remove-blocked');
      await clickAndWait(page, page.getByRole('link', { name: 'Open the sync options' }));
      assert.equal(new URL(page.url()).pathname, `/admin/sources/${source.id}/options`);
    });

    it('watches and cancels a slow run, and converts an internal user reported as a conflict', async () => {
      const slow = path.join(scratch, 'slow.sh');
      // The program answers only once the test releases it, so the run is still reading when Cancel is pressed.
      const release = path.join(scratch, 'release-slow');
      writeFileSync(
        slow,
        `#!/bin/sh\ncase "$2" in\n  all-users) i=0; while [ ! -f '${release}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; printf "ivan\\tIvan Directory\\nslowpoke\\tSlow Poke\\n" ;;\nesac\n`,
      );
      chmodSync(slow, 0o755);
      await quire.app.services.users.createInternal(
        { username: 'ivan', password: 'ivan-first-Pass-4821', fullName: 'Ivan Internal' },
        TEST_ACTOR,
      );
      await quire.app.services.sources.add(
        customProgramKind,
        { name: 'Slow Directory', program: slow },
        TEST_ACTOR,
      );
      const page = await adminPage();
      await open(page, quire, '/admin/sources');
      const row = page.getByRole('row').filter({ hasText: 'Slow Directory' });

      // A run to cancel while it reads.
      await clickAndWait(page, row.getByRole('button', { name: 'Synchronize Now' }));
      assert.match(await page.locator('main').innerText(), /This synchronization is running/);
      assert.equal(await page.locator('meta[http-equiv="refresh"]').getAttribute('content'), '2');
      // axe runs on the same page without its refresh (below): on a busy machine a check that
      // takes over 2 s would be cut by the refresh, and axe flags every timed refresh (WCAG 2.2.1)
      // without seeing the way to turn it off that the page offers first thing in its content.
      await screenshot(page, 'sync-run-running');
      await clickAndWait(page, page.getByRole('link', { name: 'Stop refreshing this page' }));
      assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0);
      await checkPage(page, 'sync-run-running-no-refresh');
      await clickAndWait(page, page.getByRole('link', { name: 'Refresh every 2 seconds' }));
      await clickAndWait(page, page.getByRole('button', { name: 'Cancel' }));
      assert.match(await page.locator('main').innerText(), /Cancel requested/);
      writeFileSync(release, '');
      assert.equal(await waitForRunEnd(page), 'cancelled');
      await checkPage(page, 'sync-run-cancelled');

      // A test run first: it reports the conflict and offers to convert ivan.
      await open(page, quire, '/admin/sources');
      await clickAndWait(page, row.getByRole('button', { name: 'Test run (change nothing)' }));
      assert.equal(await waitForRunEnd(page), 'succeeded');
      const main = await page.locator('main').innerText();
      assert.match(main, /Test run \(nothing changed\)/);
      assert.match(main, /Would add \(1\)/);
      assert.match(main, /Conflicts \(1\)/);
      assert.equal(
        await quire.app.services.users.findByUsername('slowpoke'),
        undefined,
        'a test run adds nobody',
      );
      await checkPage(page, 'sync-run-conflict');

      await clickAndWait(
        page,
        page.getByRole('button', { name: 'Convert internal user to directory user ivan' }),
      );
      assert.equal(
        await page.getByRole('heading', { level: 1 }).textContent(),
        'Convert ivan to a directory user?',
      );
      await checkPage(page, 'sync-run-convert');
      await clickAndWait(page, page.getByRole('button', { name: 'Convert to directory user' }));
      assert.equal(new URL(page.url()).pathname, '/admin/users/ivan');
      assert.match((await page.getByRole('status').textContent()) ?? '', /ivan is now a directory user/);
      assert.match(await page.locator('main').innerText(), /synchronized from Slow Directory/);
    });
  },
);
