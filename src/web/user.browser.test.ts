/**
 * The User Web Interface and first-run setup, driven in Chromium against a real Quire server.
 * Every page visited is screenshotted (test-output/screenshots/) and scanned with axe-core.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
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
  screenshot,
  seedExampleSchool,
  signIn,
  startQuireServer,
  TEST_ACTOR,
  type QuireServer,
} from '../test-support/browser.js';
import { UNREACHABLE_MAIL } from '../test-support/smtp.js';

const XSS_NAME = '<img src=x onerror=alert(1)><script>alert(1)</script>';

describe('User Web Interface and first-run setup in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer(), launchBrowser()]);
    await seedExampleSchool(quire);
  });

  after(async () => {
    await browser?.close();
    await quire?.close();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  /** A page in a fresh browser context (no cookies from other tests). */
  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await newContext(browser, options);
    contexts.push(context);
    return context.newPage();
  }

  async function createInternalUser(username: string, password: string, fullName = ''): Promise<void> {
    await quire.app.services.users.createInternal({ username, password, fullName }, TEST_ACTOR);
  }

  /**
   * The whole "internal user changes their password" flow. `check` runs on every page shown: the
   * screenshot and axe scan, or only the screenshot when JavaScript is off (axe is JavaScript).
   */
  async function changeOwnPasswordFlow(
    page: Page,
    input: {
      username: string;
      oldPassword: string;
      newPassword: string;
      prefix: string;
      check: (page: Page, name: string) => Promise<unknown>;
    },
  ) {
    const { username, oldPassword, newPassword, prefix, check } = input;
    await open(page, quire, '/user/login');
    await check(page, `${prefix}-login`);

    let response = await signIn(page, quire, 'user', username, oldPassword);
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/user/summary');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Summary');
    await check(page, `${prefix}-summary`);

    await clickAndWait(page, page.getByRole('navigation').getByRole('link', { name: 'Change Details' }));
    assert.equal(new URL(page.url()).pathname, '/user/change-details');
    const section = page.getByRole('region', { name: 'Change Password' });
    assert.equal(await section.getByRole('heading', { name: 'Change Password' }).count(), 1);
    await check(page, `${prefix}-change-details`);

    await section.getByLabel('Current password', { exact: true }).fill(oldPassword);
    await section.getByLabel('New password', { exact: true }).fill(newPassword);
    await section.getByLabel('Confirm new password', { exact: true }).fill(newPassword);
    response = await clickAndWait(page, section.getByRole('button', { name: 'Change Password' }));
    assert.equal(response.status(), 200);
    assert.match((await page.getByRole('status').textContent()) ?? '', /Your password was changed/);
    await check(page, `${prefix}-change-details-done`);

    await logOut(page);
    assert.equal(new URL(page.url()).pathname, '/user/login');

    response = await signIn(page, quire, 'user', username, oldPassword);
    assert.equal(response.status(), 401);
    assert.equal(new URL(page.url()).pathname, '/user/login');
    assert.match(
      (await page.getByRole('alert').textContent()) ?? '',
      /The username or password is not correct\./,
    );
    await check(page, `${prefix}-login-failed`);

    response = await signIn(page, quire, 'user', username, newPassword);
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/user/summary');
    assert.equal(await page.getByText(`Logged in as ${username}`).count(), 1);
  }

  it('lets an internal user change their password, then only the new one signs in', async () => {
    await createInternalUser('irene', 'irene-first-Pass-4821', 'Irene Internal');
    const page = await newPage();
    await changeOwnPasswordFlow(page, {
      username: 'irene',
      oldPassword: 'irene-first-Pass-4821',
      newPassword: 'irene-second-Pass-9375',
      prefix: 'user-internal',
      check: checkPage,
    });
  });

  it('works without JavaScript: the whole change-password flow with scripting disabled', async () => {
    await createInternalUser('nojs', 'nojs-first-Pass-4821');
    const page = await newPage({ javaScriptEnabled: false });
    // axe-core cannot run in a page without JavaScript; the same pages are scanned by the test above.
    await changeOwnPasswordFlow(page, {
      username: 'nojs',
      oldPassword: 'nojs-first-Pass-4821',
      newPassword: 'nojs-second-Pass-9375',
      prefix: 'nojs',
      check: screenshot,
    });
  });

  it('re-renders Change Password with a field error and status 400 when the current password is wrong', async () => {
    await createInternalUser('wanda', 'wanda-first-Pass-4821');
    const page = await newPage();
    await signIn(page, quire, 'user', 'wanda', 'wanda-first-Pass-4821');
    await open(page, quire, '/user/change-details');
    const section = page.getByRole('region', { name: 'Change Password' });
    await section.getByLabel('Current password', { exact: true }).fill('not-my-password-123');
    await section.getByLabel('New password', { exact: true }).fill('wanda-second-Pass-9375');
    await section.getByLabel('Confirm new password', { exact: true }).fill('wanda-second-Pass-9375');
    const response = await clickAndWait(page, section.getByRole('button', { name: 'Change Password' }));
    assert.equal(response.status(), 400);

    const current = page
      .getByRole('region', { name: 'Change Password' })
      .getByLabel('Current password', { exact: true });
    assert.equal(await current.getAttribute('aria-invalid'), 'true');
    const describedBy = (await current.getAttribute('aria-describedby')) ?? '';
    assert.ok(describedBy.includes('field-currentPassword-error'), `aria-describedby="${describedBy}"`);
    assert.equal(
      await page.locator('#field-currentPassword-error').textContent(),
      'The current password is not correct.',
    );
    assert.match(
      (await page.getByRole('alert').textContent()) ?? '',
      /Current password: The current password is not correct\./,
    );
    await checkPage(page, 'user-change-details-400');

    // Nothing changed: the old password still signs in.
    await logOut(page);
    assert.equal((await signIn(page, quire, 'user', 'wanda', 'wanda-first-Pass-4821')).status(), 200);
  });

  it('shows a synced user where their password is managed, with the help text, and no password form', async () => {
    const page = await newPage();
    await open(page, quire, '/user');
    assert.equal(new URL(page.url()).pathname, '/user/login', '/user sends a signed-out visitor to Log in');
    const response = await signIn(page, quire, 'user', 'bob', examplePassword('bob'));
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/user/summary');
    assert.match((await page.locator('main').innerText()) ?? '', /Synchronized from Corporate Directory/);
    await checkPage(page, 'user-standard-summary');

    await clickAndWait(page, page.getByRole('navigation').getByRole('link', { name: 'Change Details' }));
    assert.equal(await page.locator('input[type="password"]').count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'Change Password' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Change Password' }).count(), 0);
    const text = await page.locator('main').innerText();
    assert.match(text, /Your password is managed by Corporate Directory/);
    assert.ok(text.includes(EXAMPLE_HELP_TEXT), text);
    await checkPage(page, 'user-standard-change-details');
  });

  it('shows the organisation help text behind "Forgot your password?" on the sign-in page', async () => {
    // The link is offered only while a mail server is set up (mail-needed.browser.test.ts without).
    await quire.app.services.mail.update(UNREACHABLE_MAIL);
    try {
      const page = await newPage();
      await open(page, quire, '/user/login');
      const response = await clickAndWait(page, page.getByRole('link', { name: 'Forgot your password?' }));
      assert.equal(response.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/user/forgot-password');
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Forgot your password?');
      assert.ok((await page.locator('main').innerText()).includes(EXAMPLE_HELP_TEXT));
      await checkPage(page, 'user-forgot-password');
    } finally {
      await quire.app.services.mail.update({ ...UNREACHABLE_MAIL, host: '', from: '' });
    }
  });

  // The CSP would stop an injected inline script anyway; the DOM checks show the escaping itself.
  it('renders a full name holding markup as text on the Summary page, running nothing', async () => {
    await createInternalUser('xss', 'xss-first-Pass-4821', XSS_NAME);
    const page = await newPage();
    const dialogs = recordDialogs(page);
    await signIn(page, quire, 'user', 'xss', 'xss-first-Pass-4821');
    assert.equal(new URL(page.url()).pathname, '/user/summary');
    const text = await page.locator('main').innerText();
    assert.ok(text.includes(XSS_NAME), `the full name is not shown literally:\n${text}`);
    assert.ok(text.includes('<script>'));
    assert.equal(await page.locator('main img, main script').count(), 0, 'the full name became elements');
    await checkPage(page, 'user-summary-xss');
    assert.deepEqual(dialogs, []);
  });

  it('answers an unknown address with the 404 page', async () => {
    const page = await newPage();
    const response = await open(page, quire, '/user/no-such-page');
    assert.equal(response.status(), 404);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page not found');
    await checkPage(page, 'not-found');
  });

  it('creates the first administrator from the one-time link, which then answers 404', async () => {
    // Setup is open only while no administrator exists: this test has a server of its own.
    const fresh = await startQuireServer();
    try {
      const token = await fresh.app.services.setup.prepare();
      assert.ok(token, 'setup should be open on a fresh database');
      await setupFlow(fresh, token, await newPage());
    } finally {
      await fresh.close();
    }
  });
});

/** Opens the setup link, shows a form error, then creates the administrator. */
async function setupFlow(quire: QuireServer, token: string, page: Page): Promise<void> {
  let response = await open(page, quire, '/setup');
  assert.equal(response.status(), 404, '/setup without a token');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page not found');
  await checkPage(page, 'setup-no-token-404');

  const link = `/setup?token=${encodeURIComponent(token)}`;
  response = await open(page, quire, link);
  assert.equal(response.status(), 200);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Create the first administrator');
  await checkPage(page, 'setup');

  // A mismatched confirmation re-renders the form with the error and keeps the link usable.
  await page.getByLabel('Username', { exact: true }).fill('admin');
  await page.getByLabel('Password', { exact: true }).fill('admin-first-Pass-4821');
  await page.getByLabel('Confirm password', { exact: true }).fill('something-else-4821');
  response = await clickAndWait(page, page.getByRole('button', { name: 'Create administrator' }));
  assert.equal(response.status(), 400);
  assert.equal(
    await page.locator('#field-confirmPassword-error').textContent(),
    'The two passwords do not match.',
  );
  assert.equal(await page.getByLabel('Username', { exact: true }).inputValue(), 'admin');
  await checkPage(page, 'setup-400');

  await page.getByLabel('Password', { exact: true }).fill('admin-first-Pass-4821');
  await page.getByLabel('Confirm password', { exact: true }).fill('admin-first-Pass-4821');
  response = await clickAndWait(page, page.getByRole('button', { name: 'Create administrator' }));
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/admin/dashboard');
  assert.equal(await page.getByText('Logged in as admin').count(), 1, 'logged in to the Admin Console');
  assert.equal(await page.getByRole('navigation', { name: 'Admin Console' }).count(), 1);
  await checkPage(page, 'setup-done-admin-dashboard');

  response = await open(page, quire, link);
  assert.equal(response.status(), 404, 'the used setup link');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page not found');
  await checkPage(page, 'setup-used-404');
}
