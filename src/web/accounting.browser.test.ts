/**
 * Print accounting end to end in Chromium against a real Quire server: an administrator adjusts
 * a balance and sets a printer's cost in the Admin Console, a job arrives through the REST API,
 * and the user sees all of it on Summary, Transaction History and Recent Print Jobs on a 360 px
 * phone. Every accounting page, the Admin Console's included, is screenshotted
 * (test-output/screenshots/), scanned with axe-core and checked for sideways scrolling at 360 px.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
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

const ADMIN = { username: 'root', password: 'root-admin-Pass-4821' };
const ALICE = { username: 'alice', password: 'alice-Passphrase-4821' };
const PHONE = { width: 360, height: 780 };

describe('Print accounting in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;
  let printerPage = '';

  before(async () => {
    [quire, browser] = await Promise.all([startQuireServer(), launchBrowser()]);
    const { users, printers, groups, sharedAccounts } = quire.app.services;
    await users.createInternal({ ...ADMIN, fullName: 'Root Administrator', isAdmin: true }, TEST_ACTOR);
    await users.createInternal({ ...ALICE, fullName: 'Alice Example' }, TEST_ACTOR);
    await groups.create('Staff', TEST_ACTOR);
    await sharedAccounts.add('Science', TEST_ACTOR);
    const printer = await printers.add(
      { server: 'ps1', name: 'library', display_name: 'Library', location: 'Floor 2' },
      TEST_ACTOR,
    );
    printerPage = `/admin/printers/${printer.id}`;
  });

  after(async () => {
    await browser?.close();
    await quire?.close();
  });

  it('shows the user what the administrator and a job through the API did', async () => {
    const adminContext = await newContext(browser);
    const admin = await adminContext.newPage();
    await signIn(admin, quire, 'admin', ADMIN.username, ADMIN.password);

    await open(admin, quire, '/admin/users/alice/account');
    await admin.getByLabel('Amount', { exact: true }).fill('10');
    await admin.getByLabel('Comment', { exact: true }).fill('Start of term');
    let response = await clickAndWait(admin, admin.getByRole('button', { name: 'Adjust balance' }));
    assert.equal(response.status(), 200);
    assert.match(await admin.locator('main').innerText(), /\$10\.00/);
    await checkPage(admin, 'accounting-admin-account');

    await open(admin, quire, printerPage);
    await admin.getByLabel('Price per grey page', { exact: true }).fill('0.25');
    response = await clickAndWait(admin, admin.getByRole('button', { name: 'Save printer' }));
    assert.equal(response.status(), 200);
    assert.match(await admin.locator('main').innerText(), /The printer ps1\\library was saved\./);
    await checkPage(admin, 'accounting-admin-printer');
    await adminContext.close();

    const { token } = await quire.app.services.apiTokens.create(
      { name: 'print-gateway', scopes: ['accounts:write'] },
      TEST_ACTOR,
    );
    const recorded = await fetch(quire.url('/api/v1/jobs'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'alice',
        printer: 'ps1\\library',
        pages: 6,
        documentName: 'Essay.pdf',
      }),
    });
    assert.equal(recorded.status, 201, await recorded.clone().text());
    assert.equal(((await recorded.json()) as { balance: string }).balance, '8.5');

    const phone = await newContext(browser, { viewport: PHONE });
    const user = await phone.newPage();
    await signIn(user, quire, 'user', ALICE.username, ALICE.password);
    await open(user, quire, '/user/summary');
    const summary = await user.locator('main').innerText();
    assert.match(summary, /Balance\s+\$8\.50/);
    assert.match(summary, /Pages printed\s+6/);
    assert.equal(
      await user.getByRole('img', { name: /\$8\.50 now/ }).count(),
      1,
      'the chart says the balance',
    );
    await checkPage(user, 'accounting-user-summary-360');
    await assertFitsWidth(user, 'Summary');

    await clickAndWait(user, user.getByRole('link', { name: 'Transaction History' }));
    const history = await user.locator('main').innerText();
    assert.match(history, /Start of term/);
    assert.match(history, /-\$1\.50/);
    await checkPage(user, 'accounting-user-transactions-360');
    await assertFitsWidth(user, 'Transaction History');

    await clickAndWait(user, user.getByRole('link', { name: 'Recent Print Jobs' }));
    assert.match(await user.locator('main').innerText(), /Essay\.pdf/);
    await checkPage(user, 'accounting-user-jobs-360');
    await assertFitsWidth(user, 'Recent Print Jobs');
    await phone.close();
  });

  it('fits every accounting page of the Admin Console on a 360 px phone, accessibly', async () => {
    await quire.app.services.accounts.adjust('alice', parseAmount('1'), 'For the phone check', TEST_ACTOR);
    const phone = await newContext(browser, { viewport: PHONE });
    const page = await phone.newPage();
    await signIn(page, quire, 'admin', ADMIN.username, ADMIN.password);
    for (const [name, pathname] of [
      ['printers', '/admin/printers'],
      ['printer', printerPage],
      ['printer-delete', `${printerPage}/delete`],
      ['dashboard', '/admin/dashboard'],
      ['jobs', '/admin/jobs'],
      ['transactions', '/admin/transactions'],
      ['user-account', '/admin/users/alice/account'],
      ['user-jobs', '/admin/users/alice/jobs'],
    ]) {
      const response = await open(page, quire, pathname!);
      assert.equal(response.status(), 200, pathname);
      await checkPage(page, `accounting-admin-${name}-360`);
      await assertFitsWidth(page, pathname!);
    }
    await phone.close();
  });
});
