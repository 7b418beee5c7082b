/**
 * Releasing held jobs in Chromium against a real Quire server, at desktop width and on a 360 px
 * phone: Jobs Pending Release in the User Web Interface (a queue's job and a Find-Me job), and the
 * release station with card/ID + PIN sign-in and with a password. Every page is screenshotted
 * (test-output/screenshots/release-*), scanned with axe-core and checked for sideways scrolling.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseAmount } from '../accounts/money.js';
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

const ALICE = { username: 'alice', password: 'alice-Passphrase-4821' };
const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };
const STATION = '/release?printers=secure,east';
const SIZES = [
  ['desktop', { width: 1280, height: 900 }],
  ['360', { width: 360, height: 780 }],
] as const;

describe('Releasing held jobs in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-spool-'));

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer({ QUIRE_SPOOL_DIR: spoolDir }), launchBrowser()]);
    const { users, printers, queues, accounts } = quire.app.services;
    await users.createInternal({ ...ALICE, fullName: 'Alice Example' }, TEST_ACTOR);
    await users.createInternal({ ...ADMIN, fullName: 'Root Administrator', isAdmin: true }, TEST_ACTOR);
    await users.updateDetails('alice', { cardNumber: '0042' }, TEST_ACTOR);
    await users.setCardPin('alice', '1234', TEST_ACTOR);
    await accounts.adjust('alice', parseAmount('20'), 'Start of term', TEST_ACTOR);
    const price = { cost_gray: parseAmount('0.10'), cost_color: parseAmount('0.50') };
    await printers.add(
      { server: 'ps1', name: 'secure', display_name: 'Library secure', hold_jobs: 1, ...price },
      TEST_ACTOR,
    );
    await printers.add({ server: 'ps1', name: 'east', display_name: 'East wing', ...price }, TEST_ACTOR);
    await printers.add({ server: 'ps1', name: 'west', display_name: 'West wing', ...price }, TEST_ACTOR);
    await queues.addFindMe({ server: 'ps1', name: 'anywhere', printers: ['east', 'west'] }, TEST_ACTOR);
  });

  after(async () => {
    await browser?.close();
    await quire?.close();
    fs.rmSync(spoolDir, { recursive: true, force: true });
  });

  /** A job held for alice on `queue`, 3 pages. */
  const hold = async (queue: string, documentName: string) =>
    (
      await quire.app.services.printJobs.receive(
        { queue, username: 'alice', documentName, clientMachine: 'lab-12', options: { copies: 2 } },
        {
          stream: (async function* () {
            yield Buffer.from('%PDF-1.7\n%%EOF\n');
          })(),
          format: 'application/pdf',
        },
        async () => ({ pages: 3, pageColors: null }),
      )
    ).id;

  const main = (page: Page) => page.locator('main').innerText();

  for (const [size, viewport] of SIZES) {
    it(`prints and cancels from Jobs Pending Release (${size})`, async () => {
      await hold('secure', `Thesis-${size}.pdf`);
      await hold('anywhere', `Poster-${size}.pdf`);
      await hold('secure', `Draft-${size}.pdf`);
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      await signIn(page, quire, 'user', ALICE.username, ALICE.password);
      if (size === '360') await open(page, quire, '/user/summary');
      await clickAndWait(page, page.getByRole('link', { name: 'Jobs Pending Release' }));
      let text = await main(page);
      assert.match(text, new RegExp(`Thesis-${size}\\.pdf`));
      assert.match(text, /\$3\.00/); // 3 pages × 2 copies, colour at 0.50
      assert.match(text, /Depends on the printer/);
      await checkPage(page, `release-user-pending-${size}`);
      await assertFitsWidth(page, 'Jobs Pending Release');

      const row = (document: string) => page.getByRole('row').filter({ hasText: document });
      await clickAndWait(page, row(`Thesis-${size}.pdf`).getByRole('button', { name: 'Print' }));
      text = await main(page);
      assert.match(text, /The job was sent to the printer\./);
      assert.doesNotMatch(text, new RegExp(`Thesis-${size}`));

      await row(`Poster-${size}.pdf`).getByLabel(`Printer for Poster-${size}.pdf`).selectOption('ps1\\west');
      await clickAndWait(page, row(`Poster-${size}.pdf`).getByRole('button', { name: 'Print' }));
      assert.doesNotMatch(await main(page), new RegExp(`Poster-${size}`));

      await clickAndWait(page, row(`Draft-${size}.pdf`).getByRole('button', { name: 'Cancel' }));
      text = await main(page);
      assert.match(text, /The job was cancelled\. Nothing was charged\./);
      assert.doesNotMatch(text, new RegExp(`Draft-${size}`));
      await checkPage(page, `release-user-done-${size}`);
      await assertFitsWidth(page, 'Jobs Pending Release after printing');
      await context.close();
    });

    it(`releases at a release station after card/PIN or password sign-in (${size})`, async () => {
      await hold('secure', `Station-${size}.pdf`);
      await hold('anywhere', `FindMe-${size}.pdf`);
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      await open(page, quire, STATION);
      assert.match(await main(page), /Printers at this station: secure, east/);
      await checkPage(page, `release-station-sign-in-${size}`);
      await assertFitsWidth(page, 'the release station sign-in');

      await page.getByLabel('Card/ID number').fill('0042');
      await page.getByLabel('PIN', { exact: true }).fill('0000');
      let response = await clickAndWait(page, page.getByRole('button', { name: 'Log in with card' }));
      assert.equal(response.status(), 401);
      assert.match(await main(page), /The username or password is not correct\./);
      await checkPage(page, `release-station-sign-in-failed-${size}`);

      await page.getByLabel('Card/ID number').fill('0042');
      await page.getByLabel('PIN', { exact: true }).fill('1234');
      response = await clickAndWait(page, page.getByRole('button', { name: 'Log in with card' }));
      assert.equal(response.status(), 200);
      let text = await main(page);
      assert.match(text, /Logged in as alice/);
      assert.match(text, new RegExp(`Station-${size}\\.pdf`));
      assert.match(text, new RegExp(`FindMe-${size}\\.pdf`));
      assert.equal(response.headers().refresh, '60; url=/release/timeout?printers=secure%2Ceast');
      await checkPage(page, `release-station-jobs-${size}`);
      await assertFitsWidth(page, 'the release station jobs');

      const row = (document: string) => page.getByRole('row').filter({ hasText: document });
      await clickAndWait(page, row(`Station-${size}.pdf`).getByRole('button', { name: 'Print' }));
      text = await main(page);
      assert.match(text, /The job was sent to the printer\./);
      assert.doesNotMatch(text, new RegExp(`Station-${size}`));
      await clickAndWait(page, page.getByRole('button', { name: 'Log out' }));
      assert.match(await main(page), /You are logged out\./);

      await page.getByLabel('Username', { exact: true }).fill(ALICE.username);
      await page.getByLabel('Password', { exact: true }).fill(ALICE.password);
      await clickAndWait(page, page.getByRole('button', { name: 'Log in', exact: true }));
      // Only east of the Find-Me queue's printers is at this station: it is the only choice.
      const options = await row(`FindMe-${size}.pdf`).getByRole('option').allInnerTexts();
      assert.deepEqual(options, ['East wing']);
      await clickAndWait(page, row(`FindMe-${size}.pdf`).getByRole('button', { name: 'Print' }));
      assert.match(await main(page), /You have no jobs waiting to be released\./);
      await checkPage(page, `release-station-empty-${size}`);
      await clickAndWait(page, page.getByRole('button', { name: 'Log out' }));
      await context.close();
    });
  }

  it('shows the queue and its held jobs on the Admin Console printer page, and releases one', async () => {
    await hold('anywhere', 'Admin-release.pdf');
    const findMe = await quire.app.services.printers.require('ps1', 'anywhere');
    const secure = await quire.app.services.printers.require('ps1', 'secure');
    for (const [size, viewport] of SIZES) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password);
      await open(page, quire, `/admin/printers/${secure.id}`);
      assert.match(await main(page), /ipp:\/\/127\.0\.0\.1:\d+\/printers\/secure/);
      await checkPage(page, `release-admin-printer-${size}`);
      await assertFitsWidth(page, 'the printer page');
      await open(page, quire, `/admin/printers/${findMe.id}`);
      assert.match(await main(page), /Admin-release\.pdf/);
      await checkPage(page, `release-admin-find-me-${size}`);
      await assertFitsWidth(page, 'the Find-Me queue page');
      if (size === '360') {
        const row = page.getByRole('row').filter({ hasText: 'Admin-release.pdf' });
        await row.getByRole('combobox').selectOption('ps1\\west');
        await clickAndWait(page, row.getByRole('button', { name: 'Release' }));
        const text = await main(page);
        assert.match(text, /The job was released to its printer/);
        assert.doesNotMatch(text, /Admin-release\.pdf/);
      }
      await context.close();
    }
  });
});
