/**
 * Single sign-on in Chromium: "Sign in with …" on the User Web Interface, the real OpenID
 * provider's login form, back to Quire's Summary page as the matched user; and the Admin Console's
 * Single sign-on options. Every Quire page visited is screenshotted and scanned with axe-core.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { providerDefaults } from '../auth/sso/identity-providers.service.js';
import {
  checkPage,
  chromiumSkip,
  clickAndWait,
  launchBrowser,
  newContext,
  open,
  screenshot,
  seedExampleSchool,
  signIn,
  startQuireServer,
  TEST_ACTOR,
  type QuireServer,
} from '../test-support/browser.js';
import { startOidcProvider, type TestOidcProvider } from '../test-support/oidc-provider.js';

const SECRET = 'browser-test-client-secret';

describe('single sign-on in Chromium', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let op: TestOidcProvider;
  let browser: Browser;

  before(async () => {
    quire = await startQuireServer();
    await seedExampleSchool(quire);
    op = await startOidcProvider({
      clients: [
        {
          clientId: 'quire',
          clientSecret: SECRET,
          redirectUris: [`${quire.origin}/auth/oidc/contoso/callback`],
        },
      ],
      accounts: [
        {
          sub: 'alice',
          oid: 'alice',
          preferred_username: 'alice@example.org',
          email: 'alice@example.org',
          name: 'Alice Andersen',
        },
      ],
    });
    const source = await quire.app.services.sources.findByName('Corporate Directory');
    await quire.app.services.identityProviders.create(
      {
        ...providerDefaults('oidc'),
        slug: 'contoso',
        displayName: 'Contoso ID',
        issuer: op.issuer,
        clientId: 'quire',
        clientSecret: SECRET,
        sourceId: String(source!.id),
        matchBy: 'external-id',
        externalIdClaim: 'oid',
        usernameClaim: 'preferred_username',
        stripDomain: true,
      },
      TEST_ACTOR,
    );
    await quire.app.services.users.createInternal(
      { username: 'admin', password: 'a long admin passphrase', isAdmin: true },
      TEST_ACTOR,
    );
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await quire?.close();
    await op?.stop();
  });

  it('signs alice in through the provider from "Sign in with Contoso ID" and lands on her Summary', async () => {
    const page = await (await newContext(browser)).newPage();
    await open(page, quire, '/user/login');
    // The password form stays, with the provider's button below it.
    assert.ok(await page.getByLabel('Password', { exact: true }).isVisible());
    await checkPage(page, 'sso-user-login');

    const atProvider = await clickAndWait(page, page.getByRole('link', { name: 'Log in with Contoso ID' }));
    assert.equal(atProvider.status(), 200);
    assert.ok(page.url().startsWith(`${op.issuer}/interaction/`), page.url());
    await screenshot(page, 'sso-provider-login');
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any password');
    const landed = await clickAndWait(page, page.getByRole('button', { name: 'Sign-in' }));
    assert.equal(landed.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/user/summary');
    assert.match((await page.locator('header .signed-in').textContent()) ?? '', /Logged in as alice/);
    await checkPage(page, 'sso-user-summary');
    await page.context().close();
  });

  it('shows a clear, accessible page when the sign-in request is stale', async () => {
    const page = await (await newContext(browser)).newPage();
    const response = await open(page, quire, '/auth/oidc/contoso/callback?code=forged&state=forged');
    assert.equal(response.status(), 400);
    assert.match(
      (await page.locator('main').textContent()) ?? '',
      /expired or was already used\. Start again\./,
    );
    await checkPage(page, 'sso-error-stale');
    await page.context().close();
  });

  it('lists providers under Options → Single sign-on and shows the redirect URI to register', async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, quire, 'admin', 'admin', 'a long admin passphrase');
    await open(page, quire, '/admin/options/single-sign-on');
    assert.ok(await page.getByRole('link', { name: 'Contoso ID' }).isVisible());
    await checkPage(page, 'sso-admin-options');

    await clickAndWait(page, page.getByRole('link', { name: 'Add Microsoft' }));
    await checkPage(page, 'sso-admin-add-microsoft');
    // Nothing typed: each missing field is named, the form keeps the preset's defaults.
    const refused = await clickAndWait(page, page.getByRole('button', { name: 'Add provider' }));
    assert.equal(refused.status(), 400);
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /Directory \(tenant\) ID/);
    assert.equal(await page.getByLabel('Username claim').inputValue(), 'preferred_username');
    await checkPage(page, 'sso-admin-add-microsoft-errors');

    await open(page, quire, '/admin/options/single-sign-on');
    await clickAndWait(page, page.getByRole('link', { name: 'Contoso ID' }));
    assert.equal(
      await page.locator('#redirect-uri').textContent(),
      `${quire.origin}/auth/oidc/contoso/callback`,
    );
    assert.equal(
      await page.getByLabel('Client secret').inputValue(),
      '',
      'the stored secret is never put back on the page',
    );
    assert.ok(!(await page.content()).includes(SECRET));
    await checkPage(page, 'sso-admin-edit');
    await page.context().close();
  });
});
