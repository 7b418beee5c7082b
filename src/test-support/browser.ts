/**
 * Browser tests: a real Quire HTTP server on a free loopback port, Chromium through playwright-core,
 * and checks every visited page goes through — an axe-core accessibility scan and a full-page
 * screenshot under test-output/screenshots/.
 *
 *   const quire = await startQuireServer();
 *   const browser = await launchBrowser();
 *   const page = await (await newContext(browser)).newPage();
 *   await page.goto(quire.url('/user/login'));
 *   await checkPage(page, 'user-login'); // screenshot + no serious/critical axe violation
 *   await signIn(page, quire, 'user', 'alice', 'a long passphrase');
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import type { Actor } from '../audit/actor.js';
import { buildServer } from '../http/server.js';
import { freshDatabaseUrl } from './databases.js';
import { freePort } from './free-ports.js';
import { skipUnless } from './require.js';
import { customProgramKind } from '../directory/custom-program/custom-program.kind.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The `skip` option of a browser suite: skipped locally without Chromium, an error in CI. */
export function chromiumSkip(): string | false {
  return skipUnless(existsSync(CHROMIUM_PATH), 'Chromium is not installed');
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOT_DIR = path.join(projectRoot, 'test-output', 'screenshots');

/** The actor test set-up code acts as (audit log entries say "test"). */
export const TEST_ACTOR: Actor = { username: 'test', ip: '127.0.0.1' };

export interface QuireServer {
  app: App;
  server: FastifyInstance;
  /**
   * `http://127.0.0.1:<port>` (or `http://localhost:<port>`) — also the configured public URL, so
   * the CSRF Origin check passes.
   */
  origin: string;
  url(pathname: string): string;
  close(): Promise<void>;
}

/**
 * A Quire HTTP server on a fresh SQLite database, listening on a free loopback port; `env` adds
 * configuration (such as QUIRE_SPOOL_DIR for a test that spools print jobs). `host: 'localhost'`
 * makes the browser reach it (and the public URL name it) as http://localhost:<port>: WebAuthn
 * needs a secure context and a domain as relying party, and an IP address is neither.
 */
export async function startQuireServer(
  env: Record<string, string> = {},
  options: { host?: '127.0.0.1' | 'localhost' } = {},
): Promise<QuireServer> {
  const fresh = await freshDatabaseUrl('sqlite');
  const port = await freePort();
  const origin = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const app = await createApp(
    loadConfig({
      QUIRE_DATABASE_URL: fresh.url,
      QUIRE_PUBLIC_URL: origin,
      QUIRE_LOG_LEVEL: 'silent',
      ...env,
    }),
  );
  const server = await buildServer(app, { logger: false });
  await server.listen({ port, host: '127.0.0.1' });
  return {
    app,
    server,
    origin,
    url: (pathname) => new URL(pathname, origin).href,
    async close() {
      await server.close();
      await app.close();
      await fresh.dispose();
    },
  };
}

export const EXAMPLE_DIRECTORY = path.join(projectRoot, 'examples', 'custom-directory');
export const EXAMPLE_HELP_TEXT = 'Contact the IT Service Desk, ext. 4357';

/** A user's demo password from examples/custom-directory/passwords.tsv. */
export function examplePassword(username: string): string {
  const line = readFileSync(path.join(EXAMPLE_DIRECTORY, 'passwords.tsv'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${username}\t`));
  assert.ok(line, `no password for ${username} in passwords.tsv`);
  return line.slice(username.length + 1).trimEnd();
}

/**
 * The organisation most tests assume: "Example School", its password help text, and the example
 * custom directory (alice, bob, carol, dave) added as "Corporate Directory" and synchronized.
 */
export async function seedExampleSchool(quire: QuireServer): Promise<void> {
  const { settings, sources, sync } = quire.app.services;
  await settings.update({
    organizationName: 'Example School',
    passwordHelpText: EXAMPLE_HELP_TEXT,
    minPasswordLength: 8,
  });
  const source = await sources.add(
    customProgramKind,
    {
      name: 'Corporate Directory',
      program: path.join(EXAMPLE_DIRECTORY, 'users.sh'),
      authProgram: path.join(EXAMPLE_DIRECTORY, 'auth.sh'),
    },
    TEST_ACTOR,
  );
  const report = await sync.run(source, { dryRun: false, actor: TEST_ACTOR });
  assert.equal(report.status, 'succeeded', report.message);
}

/** Headless Chromium (the Debian package), without anything that would phone home. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * A fresh browser context (no cookies from other tests). With JavaScript on, axe-core is added to
 * every page it opens as an init script: the pages' strict CSP (`default-src 'none'`) would refuse
 * an injected <script>, but init scripts and evaluation go through the DevTools protocol, which
 * CSP does not govern — and the browser compiles axe once instead of at every check.
 */
export async function newContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  if (options.javaScriptEnabled !== false) await context.addInitScript(axeSource);
  return context;
}

/**
 * Runs axe-core on the page and returns its serious and critical violations. Needs JavaScript
 * enabled in the context (axe itself is JavaScript); the pages themselves need none. Injects axe
 * by evaluation when the context was not made by `newContext`.
 */
export async function checkAccessibility(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(options: object): Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`).join('\n');
}

/** Fails with the violation ids and element selectors when axe finds a serious or critical problem. */
export async function assertAccessible(page: Page, name: string): Promise<void> {
  const violations = await checkAccessibility(page);
  assert.deepEqual(
    violations,
    [],
    `accessibility problems on ${name} (${page.url()}):\n${describeViolations(violations)}`,
  );
}

/**
 * Chromium sometimes refuses one capture with "Unable to capture screenshot" (a compositor frame
 * that is not ready yet, seen under load in CI) and takes the same picture when asked again.
 */
const TRANSIENT_CAPTURE_ERROR = 'Unable to capture screenshot';
const CAPTURE_ATTEMPTS = 3;

/** Saves a full-page PNG as test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot({ path: file, fullPage: true });
      return file;
    } catch (error) {
      const transient = error instanceof Error && error.message.includes(TRANSIENT_CAPTURE_ERROR);
      if (!transient || attempt === CAPTURE_ATTEMPTS) throw error;
      await page.waitForTimeout(100 * attempt);
    }
  }
}

/** What every visited page gets: a screenshot, then the accessibility check. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await assertAccessible(page, name);
}

/**
 * Clicks something that submits a form or follows a link and waits for the new page to load;
 * returns the response of the page that was finally shown (after any redirect).
 */
export async function clickAndWait(page: Page, target: Locator): Promise<Response> {
  // waitForNavigation is deprecated for URL waiting, but it is the one call that hands back the
  // final document response, whose status the tests check (400 on a re-rendered form…).
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
  assert.ok(response, `no response after clicking on ${page.url()}`);
  return response;
}

/** Opens a page and returns its response. */
export async function open(page: Page, quire: QuireServer, pathname: string): Promise<Response> {
  const response = await page.goto(quire.url(pathname), { waitUntil: 'load' });
  assert.ok(response, `no response for ${pathname}`);
  return response;
}

/** Fills the sign-in form of an area (labels "Username", "Password"; button "Log in") and submits it. */
export async function signIn(
  page: Page,
  quire: QuireServer,
  area: 'user' | 'admin',
  username: string,
  password: string,
): Promise<Response> {
  await open(page, quire, `/${area}/login`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  return clickAndWait(page, page.getByRole('button', { name: 'Log in', exact: true }));
}

/** Fails when the page scrolls sideways: everything must fit the viewport's width. */
export async function assertFitsWidth(page: Page, name: string): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `${name} is ${scroll} px wide on a ${width} px screen`);
}

/** Clicks the header's "Log out" button. */
export async function logOut(page: Page): Promise<Response> {
  return clickAndWait(page, page.getByRole('button', { name: 'Log out', exact: true }));
}

/**
 * Records every JavaScript dialog (alert, confirm…) the page opens and dismisses it, so a test can
 * assert that injected markup never ran: `const dialogs = recordDialogs(page); … assert.deepEqual(dialogs, [])`.
 */
export function recordDialogs(page: Page): string[] {
  const fired: string[] = [];
  page.on('dialog', (dialog) => {
    fired.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  return fired;
}

/** Waits, through the page's own meta refreshes, until the run page shows a finished status. */
export async function waitForRunEnd(page: Page): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = (await page.locator('main dl.details .badge').textContent())?.trim() ?? '';
    if (status !== 'running') return status;
    assert.ok(Date.now() < deadline, 'the run is still running after 30 s');
    // The next reload comes from <meta http-equiv="refresh">, not from the test. A reload that
    // came between the read above and this wait is simply read on the next round.
    await page.waitForEvent('load', { timeout: 3_000 }).catch(() => undefined);
  }
}
