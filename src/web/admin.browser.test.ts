/**
 * The Admin Console, driven in Chromium against a real Quire server: resetting an internal user's
 * password, a synced user's Details tab, escaping, and every admin page. Every page visited is
 * screenshotted (test-output/screenshots/) and scanned with axe-core.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  checkPage,
  chromiumSkip,
  clickAndWait,
  EXAMPLE_HELP_TEXT,
  examplePassword,
  launchBrowser,
  logOut,
  newContext,
  open,
  recordDialogs,
  seedExampleSchool,
  signIn,
  startQuireServer,
  TEST_ACTOR,
  waitForRunEnd,
  type QuireServer,
} from '../test-support/browser.js';

const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };

const XSS_NAME = '<img src=x onerror=alert(1)><script>alert(1)</script>';

describe('Admin Console in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer(), launchBrowser()]);
    await seedExampleSchool(quire);
    await quire.app.services.users.createInternal(
      { ...ADMIN, fullName: 'Root Administrator', isAdmin: true },
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

  /** A page in a fresh browser context (no cookies from other tests). */
  async function newPage(): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    return context.newPage();
  }

  /** Signs the administrator in (landing on the Dashboard) and opens the Users list. */
  async function adminPage(): Promise<Page> {
    const page = await newPage();
    const response = await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password);
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/admin/dashboard');
    await open(page, quire, '/admin/users');
    return page;
  }

  /** Finds a user with Quick find on the Users list and opens their page (the Details tab). */
  async function openUserFromList(page: Page, username: string): Promise<void> {
    await open(page, quire, '/admin/users');
    await page.getByRole('searchbox', { name: 'Quick find' }).fill(username);
    await clickAndWait(page, page.getByRole('button', { name: 'Find', exact: true }));
    await clickAndWait(page, page.getByRole('table').getByRole('link', { name: username, exact: true }));
    assert.equal(new URL(page.url()).pathname, `/admin/users/${username}`);
    const tab = page.getByRole('navigation', { name: 'User pages' }).getByRole('link', { name: 'Details' });
    assert.equal(await tab.getAttribute('aria-current'), 'page', 'the Details tab is the current one');
  }

  it("lets an administrator reset an internal user's password; only the new one then signs in", async () => {
    await quire.app.services.users.createInternal(
      { username: 'ingrid', password: 'ingrid-first-Pass-4821', fullName: 'Ingrid Internal' },
      TEST_ACTOR,
    );
    const page = await adminPage();
    await checkPage(page, 'admin-users');

    await openUserFromList(page, 'ingrid');
    const settings = page.getByRole('region', { name: 'Internal User Settings' });
    assert.match(await settings.innerText(), /This is an internally managed user/);
    await checkPage(page, 'admin-user-internal');

    await clickAndWait(page, settings.getByRole('link', { name: 'Change Password' }));
    assert.equal(new URL(page.url()).pathname, '/admin/users/ingrid/password');
    assert.equal(
      await page.getByRole('checkbox', { name: 'User must change password at next login' }).isChecked(),
      false,
    );
    await checkPage(page, 'admin-change-password');

    // Two different passwords: the form comes back with the error, status 400.
    await page.getByLabel('New password', { exact: true }).fill('ingrid-second-Pass-9375');
    await page.getByLabel('Confirm password', { exact: true }).fill('ingrid-other-Pass-9375');
    let response = await clickAndWait(page, page.getByRole('button', { name: 'Change Password' }));
    assert.equal(response.status(), 400);
    assert.equal(
      await page.locator('#field-confirmPassword-error').textContent(),
      'The two passwords do not match.',
    );
    assert.equal(
      await page.getByLabel('Confirm password', { exact: true }).getAttribute('aria-invalid'),
      'true',
    );
    await checkPage(page, 'admin-change-password-400');

    await page.getByLabel('New password', { exact: true }).fill('ingrid-second-Pass-9375');
    await page.getByLabel('Confirm password', { exact: true }).fill('ingrid-second-Pass-9375');
    response = await clickAndWait(page, page.getByRole('button', { name: 'Change Password' }));
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/admin/users/ingrid');
    assert.match(
      (await page.getByRole('status').textContent()) ?? '',
      /Password changed\. All of ingrid's sessions were ended\./,
    );
    await checkPage(page, 'admin-user-password-changed');

    const user = await newPage();
    response = await signIn(user, quire, 'user', 'ingrid', 'ingrid-first-Pass-4821');
    assert.equal(response.status(), 401, 'the old password no longer logs in');
    assert.match(
      (await user.getByRole('alert').textContent()) ?? '',
      /The username or password is not correct\./,
    );
    response = await signIn(user, quire, 'user', 'ingrid', 'ingrid-second-Pass-9375');
    assert.equal(response.status(), 200);
    assert.equal(new URL(user.url()).pathname, '/user/summary');
  });

  it("shows a synced user's Details tab without Internal User Settings or Change Password", async () => {
    const page = await adminPage();
    await openUserFromList(page, 'carol');
    const main = page.locator('main');
    const text = await main.innerText();
    assert.doesNotMatch(text, /This is an internally managed user/);
    assert.equal(await page.getByRole('region', { name: 'Internal User Settings' }).count(), 0);
    assert.equal(await main.getByRole('link', { name: 'Change Password' }).count(), 0);
    assert.match(text, /synchronized from Corporate Directory/);
    // The fields the directory owns are read-only.
    assert.equal(await page.getByLabel('Full name', { exact: true }).inputValue(), 'Carol Jiménez');
    assert.equal(await page.getByLabel('Full name', { exact: true }).getAttribute('readonly'), '');
    await checkPage(page, 'admin-user-standard');

    // Typing the address of the form does not help either.
    const response = await open(page, quire, '/admin/users/carol/password');
    assert.equal(response.status(), 403);
    assert.equal(await page.locator('input[type="password"]').count(), 0);
    await checkPage(page, 'admin-change-password-standard-403');
  });

  // The CSP would stop an injected inline script anyway; the DOM checks show the escaping itself.
  it('renders a full name holding markup as text in the Users list and on the user page, running nothing', async () => {
    await quire.app.services.users.createInternal(
      { username: 'mallory', password: 'mallory-first-Pass-4821', fullName: XSS_NAME },
      TEST_ACTOR,
    );
    const page = await newPage();
    const dialogs = recordDialogs(page);
    await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password);
    await open(page, quire, '/admin/users');
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'mallory', exact: true }) });
    assert.equal(await row.count(), 1);
    const text = await row.innerText();
    assert.ok(text.includes(XSS_NAME), `the full name is not shown literally:\n${text}`);
    assert.ok(text.includes('<script>'));
    assert.equal(await page.locator('main img, main script').count(), 0, 'the full name became elements');
    await checkPage(page, 'admin-users-xss');

    await clickAndWait(page, row.getByRole('link', { name: 'mallory', exact: true }));
    assert.equal(await page.getByLabel('Full name', { exact: true }).inputValue(), XSS_NAME);
    assert.equal(await page.locator('main img, main script').count(), 0);
    await checkPage(page, 'admin-user-xss');
    assert.deepEqual(dialogs, []);
  });

  it('creates an internal user after re-rendering the form with its errors and status 400', async () => {
    const page = await adminPage();
    await clickAndWait(page, page.getByRole('link', { name: 'Create internal user' }));
    assert.equal(new URL(page.url()).pathname, '/admin/create-internal-user');
    await checkPage(page, 'admin-users-new');

    await page.getByLabel('Username', { exact: true }).fill('nadia@example.org');
    await page.getByLabel('Full name', { exact: true }).fill('Nadia New');
    await page.getByLabel('Password', { exact: true }).fill('password');
    await page.getByLabel('Confirm password', { exact: true }).fill('password');
    let response = await clickAndWait(page, page.getByRole('button', { name: 'Create user' }));
    assert.equal(response.status(), 400);
    const summary = await page.getByRole('alert').innerText();
    assert.match(summary, /There is a problem/);
    assert.match(summary, /Username: Usernames may not contain/);
    assert.match(summary, /Password: This password is one of the most commonly used passwords/);
    assert.equal(await page.getByLabel('Username', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(
      await page.getByLabel('Full name', { exact: true }).inputValue(),
      'Nadia New',
      'entered values are kept',
    );
    await checkPage(page, 'admin-users-new-400');

    await page.getByLabel('Username', { exact: true }).fill('Nadia');
    await page.getByLabel('Password', { exact: true }).fill('nadia-first-Pass-4821');
    await page.getByLabel('Confirm password', { exact: true }).fill('nadia-first-Pass-4821');
    response = await clickAndWait(page, page.getByRole('button', { name: 'Create user' }));
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/admin/users/nadia');
    assert.match((await page.getByRole('status').textContent()) ?? '', /The user nadia was created\./);
    assert.match(
      await page.getByRole('region', { name: 'Internal User Settings' }).innerText(),
      /This is an internally managed user/,
    );
  });

  it('shows every other Admin Console page accessibly: log in, Options, Audit Log, User/Group Sync and a sync report', async () => {
    const page = await newPage();
    let response = await open(page, quire, '/admin/users');
    assert.equal(response.status(), 401, 'signed out, an admin page asks to log in');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Admin Console log in');
    await checkPage(page, 'admin-users-401');

    response = await open(page, quire, '/admin/login');
    assert.equal(response.status(), 200);
    await checkPage(page, 'admin-login');
    await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password);

    const nav = page.getByRole('navigation', { name: 'Admin Console' });
    await clickAndWait(page, nav.getByRole('link', { name: 'Options' }));
    assert.equal(
      await page.getByLabel('Password help text', { exact: true }).inputValue(),
      EXAMPLE_HELP_TEXT,
    );
    await checkPage(page, 'admin-options');

    await clickAndWait(page, nav.getByRole('link', { name: 'Audit Log' }));
    assert.equal(new URL(page.url()).pathname, '/admin/audit');
    assert.ok((await page.getByRole('row').count()) > 1, 'the audit log lists entries');
    await checkPage(page, 'admin-audit');

    await clickAndWait(page, nav.getByRole('link', { name: 'User/Group Sync' }));
    assert.equal(new URL(page.url()).pathname, '/admin/sources');
    await checkPage(page, 'admin-sources');

    const sourceRow = page
      .getByRole('row')
      .filter({ hasText: 'Corporate Directory' })
      .filter({ has: page.getByRole('button') });
    response = await clickAndWait(page, sourceRow.getByRole('button', { name: 'Test run (change nothing)' }));
    assert.equal(response.status(), 200);
    assert.match(new URL(page.url()).pathname, /^\/admin\/sync-runs\/\d+$/);
    assert.match(await page.locator('main').innerText(), /Test run \(nothing changed\)/);
    await waitForRunEnd(page);
    await checkPage(page, 'admin-sync-report-dry-run');

    await clickAndWait(page, page.getByRole('link', { name: 'Back to User/Group Sync' }));
    response = await clickAndWait(page, sourceRow.getByRole('button', { name: 'Synchronize Now' }));
    assert.equal(response.status(), 200);
    assert.match(new URL(page.url()).pathname, /^\/admin\/sync-runs\/\d+$/);
    await waitForRunEnd(page);
    await checkPage(page, 'admin-sync-report');

    await logOut(page);
    assert.equal(new URL(page.url()).pathname, '/admin/login');
  });

  it('answers a signed-in user without admin rights with the 403 page at /admin', async () => {
    const page = await newPage();
    await signIn(page, quire, 'user', 'bob', examplePassword('bob'));
    assert.equal(new URL(page.url()).pathname, '/user/summary');
    const response = await open(page, quire, '/admin');
    assert.equal(response.status(), 403);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Access denied');
    assert.match(await page.locator('main').innerText(), /bob, who does not have administrator access/);
    await checkPage(page, 'admin-403');

    // The Admin Console's own log-in refuses them too, without starting a session.
    await open(page, quire, '/user/summary');
    await logOut(page);
    const refused = await signIn(page, quire, 'admin', 'bob', examplePassword('bob'));
    assert.equal(refused.status(), 403);
    assert.match(
      (await page.getByRole('alert').textContent()) ?? '',
      /bob does not have administrator access/,
    );
    await checkPage(page, 'admin-login-403');
  });
});
