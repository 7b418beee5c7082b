/**
 * Security keys (WebAuthn) in Chromium, through its virtual authenticator (DevTools protocol), at
 * desktop width and on a 360 px screen: adding a named key under Change Details → Two-factor
 * login (a key without a name is refused before the key is asked), logging in with the password and then the key, the key's signature counter, removing it
 * (with the password again, the log-in being ten minutes old),
 * and an administrator adding one when Options require two-factor login of administrators. The
 * server is reached as http://localhost:<port>: WebAuthn needs a secure context and a domain as
 * relying party, and 127.0.0.1 is not one. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { createTwoFactorRepository } from '../auth/two-factor/two-factor.repository.js';
import {
  assertFitsWidth,
  checkPage,
  chromiumSkip,
  clickAndWait,
  launchBrowser,
  logOut,
  newContext,
  open,
  signIn,
  startQuireServer,
  TEST_ACTOR,
  type QuireServer,
} from '../test-support/browser.js';

const PASSWORD = 'juniper-quartz-58';
const SCREENS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: '360', viewport: { width: 360, height: 780 } },
];

/** A USB security key that keeps resident keys and verifies its user, always present. */
async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'usb',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** The sign counts the authenticator holds, one per credential. */
async function authenticatorCounts(cdp: CDPSession, authenticatorId: string): Promise<number[]> {
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  return credentials.map((c) => c.signCount);
}

/** On the Two-factor login page: names a new key, adds it and waits for the page that says so. */
async function addKey(page: Page, name: string, shot: string): Promise<void> {
  await page.getByLabel('Name of the key', { exact: true }).fill(name);
  const added = await clickAndWait(page, page.getByRole('button', { name: 'Add a security key' }));
  assert.equal(added.status(), 200);
  assert.match(added.url(), /\/user\/two-factor\?done=key-added$/);
  await page.getByText('The security key was added.').waitFor();
  const remove = page.getByRole('button', { name: `Remove ${name}`, exact: true });
  assert.equal(await remove.count(), 1);
  await checkPage(page, shot);
  await assertFitsWidth(page, shot);
  // In sight without scrolling the table's box sideways, on a phone too.
  const box = await remove.boundingBox();
  const wrap = await page.locator('#keys-title ~ .table-wrap').boundingBox();
  assert.ok(box && wrap, shot);
  assert.ok(box.x >= wrap.x && box.x + box.width <= wrap.x + wrap.width, `${shot}: Remove is cut off`);
}

/** Logs in with the password, then on the second step with the key; returns the final response. */
async function logInWithKey(
  page: Page,
  quire: QuireServer,
  area: 'user' | 'admin',
  username: string,
  shot: string,
) {
  const second = await signIn(page, quire, area, username, PASSWORD);
  assert.match(second.url(), new RegExp(`/${area}/login/second-factor$`));
  // Keys only, so no app and no recovery codes: no code is asked for.
  await page.getByText('Use one of your security keys or passkeys.', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Code', { exact: true }).count(), 0);
  await page.getByRole('button', { name: 'Use a security key' }).waitFor({ state: 'visible' });
  assert.equal(await page.getByRole('button', { name: 'Use a security key' }).isEnabled(), true);
  await checkPage(page, shot);
  await assertFitsWidth(page, shot);
  return clickAndWait(page, page.getByRole('button', { name: 'Use a security key' }));
}

describe('Security keys in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer({}, { host: 'localhost' }), launchBrowser()]);
    for (const screen of SCREENS) {
      const { users } = quire.app.services;
      await users.createInternal({ username: `key-${screen.name}`, password: PASSWORD }, TEST_ACTOR);
      await users.createInternal(
        { username: `key-admin-${screen.name}`, password: PASSWORD, isAdmin: true },
        TEST_ACTOR,
      );
    }
  });
  after(async () => {
    await browser?.close();
    await quire?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  async function freshPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await newContext(browser, { viewport });
    contexts.push(context);
    return context.newPage();
  }

  const keysOf = async (username: string) => {
    const user = await quire.app.services.users.findByUsername(username);
    assert.ok(user);
    return createTwoFactorRepository(quire.app.database.db).keysOf(user.id);
  };

  for (const screen of SCREENS) {
    it(`adds a named key, logs in with it and removes it (${screen.name})`, async () => {
      const page = await freshPage(screen.viewport);
      const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
      const username = `key-${screen.name}`;
      assert.equal((await signIn(page, quire, 'user', username, PASSWORD)).status(), 200);
      await open(page, quire, '/user/change-details');
      await clickAndWait(page, page.getByRole('link', { name: 'Set up two-factor login' }));
      await page.getByRole('button', { name: 'Add a security key' }).waitFor({ state: 'visible' });
      await checkPage(page, `security-keys-${screen.name}`);
      // No name: the server asks for one, and the key was not asked (no credential left on it).
      const unnamed = await clickAndWait(page, page.getByRole('button', { name: 'Add a security key' }));
      assert.equal(unnamed.status(), 400);
      await page.locator('.error-summary').getByText('Enter a name for the key.').waitFor();
      assert.deepEqual(await authenticatorCounts(cdp, authenticatorId), []);
      await checkPage(page, `security-key-no-name-${screen.name}`);
      await addKey(page, 'Blue YubiKey', `security-key-added-${screen.name}`);
      const [enrolled] = await keysOf(username);
      assert.ok(enrolled);
      assert.equal(enrolled.name, 'Blue YubiKey');
      assert.equal(enrolled.last_used_at, null);

      await logOut(page);
      const done = await logInWithKey(
        page,
        quire,
        'user',
        username,
        `security-key-second-step-${screen.name}`,
      );
      assert.match(done.url(), /\/user\/summary$/);
      const [used] = await keysOf(username);
      assert.ok(used?.last_used_at, 'the key was marked used');
      // The counter the key signed is the one stored: a clone showing an older one is refused.
      assert.deepEqual(await authenticatorCounts(cdp, authenticatorId), [Number(used.counter)]);
      assert.ok(Number(used.counter) > Number(enrolled.counter), 'the stored sign counter grew');

      // Ten minutes after logging in, removing the key asks for the password again.
      const user = await quire.app.services.users.findByUsername(username);
      await quire.app.database.db
        .updateTable('sessions')
        .set({ created_at: new Date(Date.now() - 10 * 60_000).toISOString() })
        .where('user_id', '=', user!.id)
        .execute();
      await open(page, quire, '/user/two-factor');
      const asked = await clickAndWait(page, page.getByRole('button', { name: 'Remove Blue YubiKey' }));
      assert.equal(asked.status(), 200);
      await page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
      await checkPage(page, `security-key-confirm-${screen.name}`);
      await assertFitsWidth(page, 'Confirm it is you');
      await page.getByLabel('Your password', { exact: true }).fill(PASSWORD);
      await clickAndWait(page, page.getByRole('button', { name: 'Remove Blue YubiKey' }));
      await page.getByText('The security key was removed.').waitFor();
      await page.getByText('No security keys yet.').waitFor();
      await checkPage(page, `security-key-removed-${screen.name}`);
      assert.deepEqual(await keysOf(username), []);
    });

    it(`lets an administrator add a key when Options require two-factor login (${screen.name})`, async () => {
      await quire.app.services.settings.update({ requireAdminTwoFactor: true });
      const page = await freshPage(screen.viewport);
      await addVirtualAuthenticator(page);
      const username = `key-admin-${screen.name}`;
      const first = await signIn(page, quire, 'admin', username, PASSWORD);
      assert.match(first.url(), /\/user\/two-factor\?required=1$/);
      await page.getByText('Administrators must use two-factor login here.', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Add a security key' }).waitFor({ state: 'visible' });
      await checkPage(page, `security-key-admin-required-${screen.name}`);
      await assertFitsWidth(page, 'two-factor required');
      await addKey(page, 'Admin key', `security-key-admin-added-${screen.name}`);
      assert.equal((await open(page, quire, '/admin/users')).status(), 200);

      await logOut(page);
      const done = await logInWithKey(
        page,
        quire,
        'admin',
        username,
        `security-key-admin-second-step-${screen.name}`,
      );
      assert.equal(done.status(), 200);
      assert.match(new URL(done.url()).pathname, /^\/admin/);
    });
  }
});
