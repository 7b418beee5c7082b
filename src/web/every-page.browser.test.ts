/**
 * Every page of the Admin Console and the User Web Interface on a 360 px phone: the test follows
 * every link from the navigation down (each user, group, source of each kind, printer, shared
 * account, options tab, log, run…), with seeded data that includes a very long name and email,
 * and checks that no page scrolls sideways (only a table's own box may) and that axe finds no
 * serious problem. Screenshots go to test-output/screenshots/walk-*.png.
 *
 * A layout walk, not a data test: one browser, one app, SQLite only — the pages are the same on
 * PostgreSQL, and the repository tests cover both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { providerDefaults } from '../auth/sso/identity-providers.service.js';
import { entraIdKind } from '../directory/entra-id/entra-id.kind.js';
import { googleKind } from '../directory/google/google.kind.js';
import { ldapKind } from '../directory/ldap/ldap.kind.js';
import {
  assertFitsWidth,
  checkAccessibility,
  chromiumSkip,
  describeViolations,
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
import { createServiceAccountKey } from '../test-support/google-directory-server.js';

const PHONE = { width: 360, height: 780 };
const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };
const LONG = {
  username: 'maximiliana-alexandrina-vanderbergh-featherstonehaugh',
  password: 'a long user passphrase 4821',
  fullName: 'Maximiliana Alexandrina Konstantinopoulou-Vanderbergh Featherstonehaugh',
  email:
    'maximiliana.alexandrina.konstantinopoulou-vanderbergh@faculty-of-engineering.example-university.org',
  department: 'Department of Electrical, Electronic and Computer Systems Engineering',
};
/** More pages than the walk ever meets; a runaway crawl fails instead of running for ever. */
const MAX_PAGES = 150;

/** Links the walk never follows: downloads, leaving, and the other area (walked on its own). */
function skipped(pathname: string, area: string): boolean {
  return (
    !pathname.startsWith(`/${area}`) ||
    pathname.endsWith('.csv') ||
    pathname.endsWith('/logout') ||
    pathname.startsWith('/admin/login') ||
    pathname.startsWith('/user/login')
  );
}

/**
 * One key per page: a query string (a sort, a page of a list) is the same page, and every user's
 * and group's pages are one kind each (the long-named user's come first); every source, printer
 * and account is walked, as their kinds differ.
 */
function pageKey(href: string): string {
  return new URL(href).pathname.replace(/^\/admin\/(users|groups)\/[^/]+/, '/admin/$1/:name');
}

async function seed(quire: QuireServer): Promise<void> {
  const { services } = quire.app;
  await seedExampleSchool(quire);
  await services.users.createInternal({ ...ADMIN, isAdmin: true }, TEST_ACTOR);
  await services.users.createInternal(LONG, TEST_ACTOR);
  await services.sources.add(
    ldapKind,
    {
      name: 'Corporate Active Directory of the Faculty of Engineering',
      preset: 'active-directory',
      urls: ['ldaps://domain-controller-01.faculty-of-engineering.example-university.org'],
      bindDn: 'CN=quire-service-account,OU=Service Accounts,DC=engineering,DC=example-university,DC=org',
      bindPassword: 'bind-Pass-4821',
      baseDns: ['OU=People,DC=engineering,DC=example-university,DC=org'],
    },
    TEST_ACTOR,
  );
  await services.sources.add(
    entraIdKind,
    {
      name: 'Contoso 365',
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '8d6f2f5e-3c1a-4c7b-9a55-1f0e2d3c4b5a',
      clientSecret: 'entra-secret-4821',
      certificatePem: '',
      privateKeyPem: '',
    },
    TEST_ACTOR,
  );
  await services.sources.add(
    googleKind,
    {
      name: 'Example Workspace',
      serviceAccountKey: createServiceAccountKey('https://oauth2.example.invalid/token').keyJson,
      adminEmail: 'admin@example.org',
    },
    TEST_ACTOR,
  );
  const corporate = await services.sources.findByName('Corporate Directory');
  await services.identityProviders.create(
    {
      ...providerDefaults('oidc'),
      slug: 'contoso',
      displayName: 'Contoso ID',
      issuer: 'https://login.example.invalid/contoso-tenant-with-a-long-identifier/v2.0',
      clientId: 'quire',
      clientSecret: 'oidc-secret-4821',
      sourceId: String(corporate!.id),
      matchBy: 'external-id',
      externalIdClaim: 'oid',
      usernameClaim: 'preferred_username',
    },
    TEST_ACTOR,
  );
  await services.printers.add(
    { server: 'ps1', name: 'library-colour-laser-second-floor-east-wing' },
    TEST_ACTOR,
  );
  await services.sharedAccounts.add('Research Project on Very Long Shared Account Names', TEST_ACTOR);
  await services.apiTokens.create({ name: 'print-gateway', scopes: ['accounts:write'] }, TEST_ACTOR);
  await services.accounts.openMissing();
  await services.accounts.adjust(LONG.username, 12_345_000, 'Start of term credit', TEST_ACTOR);
}

/** WCAG's contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
      const x = Number(c) / 255;
      return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The focused element's outline colour and the background around it (the first opaque ancestor's). */
async function focusColours(page: Page): Promise<{ outline: string; around: string; what: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    let parent = element.parentElement;
    let around = 'rgb(255, 255, 255)';
    for (; parent; parent = parent.parentElement) {
      const colour = getComputedStyle(parent).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') {
        around = colour;
        break;
      }
    }
    return { outline: getComputedStyle(element).outlineColor, around, what: element.outerHTML.slice(0, 80) };
  });
}

describe('Every page on a 360 px phone', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer(), launchBrowser()]);
    await seed(quire);
    // A finished run, so the run page and its report are walked too.
    const source = await quire.app.services.sources.findByName('Corporate Directory');
    await quire.app.services.sync.run(source!, { dryRun: true, actor: TEST_ACTOR });
  });
  after(async () => {
    await browser?.close();
    await quire?.close();
  });

  async function phonePage(): Promise<Page> {
    const context = await newContext(browser, { viewport: PHONE });
    return context.newPage();
  }

  /** Visits `start` and every page reachable from it by links of the area; returns the problems. */
  async function walk(page: Page, area: 'admin' | 'user', start: string[]): Promise<string[]> {
    const queue = start.map((p) => quire.url(p));
    const seen = new Set(queue.map(pageKey));
    const problems: string[] = [];
    while (queue.length > 0) {
      const href = queue.shift()!;
      assert.ok(seen.size <= MAX_PAGES, `more than ${MAX_PAGES} pages: ${[...seen].join(', ')}`);
      const response = await page.goto(href, { waitUntil: 'load' });
      const name = `walk-${area}${new URL(href).pathname.replace(/[^a-z0-9]+/gi, '-')}`.slice(0, 120);
      await screenshot(page, name);
      if (!response || response.status() >= 500) problems.push(`${href}: ${response?.status()}`);
      await assertFitsWidth(page, href).catch((e: Error) => problems.push(e.message));
      const violations = (await checkAccessibility(page)).filter((v) => v.id !== 'meta-refresh');
      if (violations.length > 0) problems.push(`${href}:\n${describeViolations(violations)}`);
      const links = await page
        .locator('a[href]')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const link of links) {
        const url = new URL(link);
        if (url.origin !== quire.origin || skipped(url.pathname, area)) continue;
        if (seen.has(pageKey(link))) continue;
        seen.add(pageKey(link));
        queue.push(url.href);
      }
    }
    assert.ok(seen.size > 3, `only ${seen.size} pages walked`);
    return problems;
  }

  it('fits every Admin Console page to the screen, with no serious axe problem', async () => {
    const page = await phonePage();
    const signedOut = ['/admin/login', '/admin/no-such-page'];
    for (const path of signedOut) {
      await open(page, quire, path);
      await assertFitsWidth(page, path);
    }
    assert.equal((await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password)).status(), 200);
    const problems = await walk(page, 'admin', [
      '/admin/dashboard',
      `/admin/users/${LONG.username}`,
      '/admin/no-such-page',
    ]);
    assert.deepEqual(problems, []);
  });

  it('draws a focus outline with at least 3:1 contrast against what surrounds it', async () => {
    const page = await phonePage();
    assert.equal((await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password)).status(), 200);
    await open(page, quire, '/admin/audit');
    // The header's Log out button, the nav's links, then the page's fields and buttons.
    for (let i = 0; i < 16; i++) {
      await page.keyboard.press('Tab');
      const { outline, around, what } = await focusColours(page);
      const ratio = contrast(outline, around);
      assert.ok(
        ratio >= 3,
        `the focus outline of ${what} is ${ratio.toFixed(2)}:1 (${outline} on ${around})`,
      );
    }
  });

  it('fits every User Web Interface page to the screen, for a user with a very long name and email', async () => {
    const page = await phonePage();
    for (const path of ['/user/login', '/user/forgot-password', '/user/no-such-page']) {
      await open(page, quire, path);
      await screenshot(page, `walk-signed-out${path.replace(/\//g, '-')}`);
      await assertFitsWidth(page, path);
    }
    assert.equal((await signIn(page, quire, 'user', LONG.username, LONG.password)).status(), 200);
    const problems = await walk(page, 'user', ['/user/summary', '/user/no-such-page']);
    assert.deepEqual(problems, []);
  });
});
