/**
 * The User Web Interface in German, in Chromium with a German browser (Accept-Language de-DE):
 * Log in, Summary, Change Details (a form error, the sessions, then choosing Spanish), Forgot your
 * password? and Register (with a refused username). Every page visited is screenshotted (test-output/screenshots/user-de-*.png) and
 * scanned with axe-core; none may show English chrome. The print account pages (Summary with a
 * balance, Transaction History, Recent Print Jobs, Rates, Shared Accounts) are checked the same way on a 360 px screen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { UNREACHABLE_SMTP_URL } from '../test-support/smtp.js';
import { parseAmount } from '../accounts/money.js';
import {
  checkPage,
  chromiumSkip,
  clickAndWait,
  launchBrowser,
  newContext,
  open,
  seedExampleSchool,
  startQuireServer,
  TEST_ACTOR,
  type QuireServer,
} from '../test-support/browser.js';

const PASSWORD = 'lantern-Orchid-93-Harbour';

async function assertGerman(page: Page, name: string): Promise<void> {
  assert.equal(await page.getAttribute('html', 'lang'), 'de', `${name}: <html lang>`);
  const text = await page.locator('body').innerText();
  for (const english of [
    'Skip to content',
    'Log in',
    'Log out',
    'Logged in as',
    'Change Details',
    'There is a problem',
  ])
    assert.ok(!text.includes(english), `${name} shows English: "${english}"`);
  await checkPage(page, `user-de-${name}`);
}

describe('the User Web Interface in German, in a browser', { skip: chromiumSkip() }, () => {
  let quire: QuireServer;
  let browser: Browser;

  before(async () => {
    // Registration needs a mail server to be switched on; nothing is delivered here.
    [quire, browser] = await Promise.all([
      startQuireServer({ QUIRE_SMTP_URL: UNREACHABLE_SMTP_URL }),
      launchBrowser(),
    ]);
    await seedExampleSchool(quire);
    await quire.app.services.settings.update({ selfRegistration: true });
    await quire.app.services.users.createInternal(
      { username: 'greta', password: PASSWORD, email: 'greta@example.org', fullName: 'Greta Müller' },
      TEST_ACTOR,
    );
  });

  after(async () => {
    await browser?.close();
    await quire?.close();
  });

  it('walks the user pages in German and switches to Spanish under Change Details', async () => {
    const context = await newContext(browser, { locale: 'de-DE' });
    const page = await context.newPage();

    await open(page, quire, '/user/login');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Anmelden');
    await assertGerman(page, 'login');
    await page.getByLabel('Benutzername', { exact: true }).fill('greta');
    await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
    await clickAndWait(page, page.getByRole('button', { name: 'Anmelden', exact: true }));
    assert.equal(new URL(page.url()).pathname, '/user/summary');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Übersicht');
    await assertGerman(page, 'summary');

    await clickAndWait(page, page.getByRole('link', { name: 'Angaben ändern' }));
    await assertGerman(page, 'change-details');
    // The browser's name is a product's, the words around it German.
    assert.match(await page.locator('table').last().innerText(), /Chrome unter Linux/);
    await page.getByLabel('Aktuelles Passwort', { exact: true }).first().fill('not-the-password');
    await page.getByLabel('Neues Passwort', { exact: true }).fill('kurz');
    await page.getByLabel('Neues Passwort bestätigen', { exact: true }).fill('kurz');
    const refused = await clickAndWait(page, page.getByRole('button', { name: 'Passwort ändern' }));
    assert.equal(refused.status(), 400);
    assert.match(
      await page.locator('.error-summary').innerText(),
      /Das aktuelle Passwort ist nicht korrekt\./,
    );
    await assertGerman(page, 'change-details-error');

    await page.getByLabel('Sprache dieser Seiten und der Nachrichten an Sie').selectOption('es');
    await clickAndWait(page, page.getByRole('button', { name: 'Sprache speichern' }));
    assert.equal(await page.getAttribute('html', 'lang'), 'es', 'the next page is in the chosen language');
    assert.match(await page.locator('main').innerText(), /Se ha guardado su idioma\./);
    await checkPage(page, 'user-es-change-details');
    await page.getByLabel('Idioma de estas páginas y de los mensajes que recibe').selectOption('');
    await clickAndWait(page, page.getByRole('button', { name: 'Guardar idioma' }));
    assert.equal(await page.getAttribute('html', 'lang'), 'de', 'automatic again: the browser decides');

    await clickAndWait(page, page.getByRole('button', { name: 'Abmelden', exact: true }));
    await clickAndWait(page, page.getByRole('link', { name: 'Passwort vergessen?' }));
    await assertGerman(page, 'forgot-password');
    await open(page, quire, '/user/register');
    await assertGerman(page, 'register');
    await page.getByLabel('Benutzername', { exact: true }).fill('gr\u0435ta');
    await page.getByLabel('Vollständiger Name', { exact: true }).fill('Greta Zwei');
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('greta2@example.org');
    await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Passwort bestätigen', { exact: true }).fill(PASSWORD);
    const taken = await clickAndWait(page, page.getByRole('button', { name: 'Registrieren' }));
    assert.equal(taken.status(), 400);
    assert.match(
      await page.locator('.error-summary').innerText(),
      /Benutzernamen dürfen keine Buchstaben verschiedener Schriften mischen \(Latin, Cyrillic\)/,
    );
    await assertGerman(page, 'register-error');
    await context.close();
  });

  it('shows the print account pages in German on a 360 px screen', async () => {
    const { accounts, printers, charging } = quire.app.services;
    await accounts.adjust('greta', parseAmount('10'), 'Aufladung am Empfang', TEST_ACTOR);
    await printers.add({ server: 'ps1', name: 'bibliothek', cost_gray: parseAmount('0.10') }, TEST_ACTOR);
    await charging.charge({
      username: 'greta',
      printer: 'bibliothek',
      pages: 4,
      colorPages: 0,
      copies: 1,
      duplex: false,
      paperSize: 'A4',
      documentName: 'Hausarbeit.pdf',
      clientMachine: 'labor-3',
      origin: 'cli',
    });
    const context = await newContext(browser, { locale: 'de-DE', viewport: { width: 360, height: 780 } });
    const page = await context.newPage();
    await open(page, quire, '/user/login');
    await page.getByLabel('Benutzername', { exact: true }).fill('greta');
    await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
    await clickAndWait(page, page.getByRole('button', { name: 'Anmelden', exact: true }));
    await assertGerman(page, 'summary-360');
    assert.match(await page.locator('main').innerText(), /9,60\s\$/);
    await clickAndWait(page, page.getByRole('link', { name: 'Buchungen' }));
    assert.match(await page.locator('main').innerText(), /Korrektur/);
    await assertGerman(page, 'transactions-360');
    await clickAndWait(page, page.getByRole('link', { name: 'Letzte Druckaufträge' }));
    assert.match(await page.locator('main').innerText(), /Hausarbeit\.pdf/);
    await assertGerman(page, 'jobs-360');
    await clickAndWait(page, page.getByRole('link', { name: 'Preise' }));
    await assertGerman(page, 'rates-360');
    await clickAndWait(page, page.getByRole('link', { name: 'Gemeinsame Konten' }));
    await assertGerman(page, 'shared-accounts-360');
    await context.close();
  });
});
