import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { ledgerComment } from '../../accounts/ledger-text.js';
import { AmountError, parseAmount } from '../../accounts/money.js';
import { ValidationError } from '../../errors.js';
import type { MessageKey, MessageValues } from '../../i18n/translator.js';
import { english, translatorFor } from '../../i18n/translator.js';
import type { PasswordHasher } from '../../passwords/password-hasher.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import {
  startTestApp,
  type TestApp,
  type TestClient,
  type TestResponse,
} from '../../test-support/harness.js';

const PASSWORD = 'problems-Passphrase-4821';
const ACTOR = { username: 'test', ip: '127.0.0.1' };
/** These tests are about form errors, not passwords: a hasher that costs nothing. */
const hasher: PasswordHasher = {
  hash: async (password) => `plain:${password}`,
  verify: async (hashed, password) => hashed === `plain:${password}`,
};

/** A catalog message as a page holds it (text escaped). */
const said = (key: MessageKey, values?: MessageValues) =>
  english.t(key, values).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
/** The field's error on a re-rendered form. */
const fieldError = (page: TestResponse, name: string) =>
  /<p class="field-error" id="field-[^"]+-error">([^<]*)<\/p>/.exec(
    page.body.slice(page.body.indexOf(`id="field-${name}-error"`) - 40),
  )?.[1] ?? '';
/** What a service's refusal says in German: the key travels with the error. */
async function inGerman(work: () => unknown): Promise<Record<string, string>> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldsIn(translatorFor('de'));
    throw error;
  }
  throw new Error('not refused');
}

for (const kind of DATABASE_KINDS) {
  describe(
    `Accounting form errors come from the message catalog [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      let science = '';
      let printer = '';

      before(async () => {
        t = await startTestApp({ kind, ports: { hasher } });
        await t.createUser({ username: 'admin', password: PASSWORD, isAdmin: true });
        await t.createUser({ username: 'alice', password: PASSWORD });
        const { sharedAccounts, printers } = t.app.services;
        science = `/admin/accounts/${(await sharedAccounts.add('Science', ACTOR)).id}`;
        await sharedAccounts.add('Art', ACTOR);
        printer = `/admin/printers/${(await printers.add({ server: 'ps1', name: 'library' }, ACTOR)).id}`;
        admin = t.client();
        assert.equal((await admin.signIn('admin', PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it("says a user's Account tab problems in the catalog's words, writing nothing", async () => {
        const page = '/admin/users/alice/account';
        const stored = await t.app.services.accounts.accountOf('alice');
        await admin.get(page);
        let response = await admin.post(`${page}/adjust`, { amount: 'ten', comment: '' });
        assert.equal(response.status, 400);
        assert.equal(fieldError(response, 'amount'), said('problem.amount.notAmount', { text: 'ten' }));
        response = await admin.post(`${page}/adjust`, { amount: '1', comment: 'x'.repeat(600) });
        assert.equal(response.status, 400);
        assert.equal(
          fieldError(response, 'comment'),
          said('problem.comment.tooLong', { max: 500, length: 600 }),
        );
        response = await admin.post(`${page}/adjust`, { amount: '1', comment: 'two\nlines' });
        assert.equal(
          fieldError(response, 'comment'),
          said('problem.text.controlOneLine', { label: english.t('problem.label.comment') }),
        );
        const settings = { overdraft: '0', mode: 'auto-charge-personal', sharedAccount: '' };
        response = await admin.post(`${page}/settings`, { ...settings, overdraft: '-1' });
        assert.equal(response.status, 400);
        assert.equal(fieldError(response, 'overdraft'), said('problem.amount.overdraft'));
        response = await admin.post(`${page}/settings`, { ...settings, mode: 'constructor' });
        assert.equal(response.status, 400);
        const modes = 'auto-charge-personal, auto-select-shared, standard-popup, advanced-popup';
        assert.ok(response.body.includes(said('problem.selection.mode', { modes })), 'in the error summary');
        response = await admin.post(`${page}/settings`, { ...settings, mode: 'auto-select-shared' });
        assert.equal(fieldError(response, 'sharedAccount'), said('problem.selection.chooseShared'));
        response = await admin.post(`${page}/settings`, {
          ...settings,
          mode: 'auto-select-shared',
          sharedAccount: 'Nowhere',
        });
        assert.equal(
          fieldError(response, 'sharedAccount'),
          said('problem.shared.unknown', { name: 'Nowhere' }),
        );
        assert.deepEqual(await t.app.services.accounts.accountOf('alice'), stored, 'nothing written');
      });

      it("says a shared account's problems in the catalog's words, writing nothing", async () => {
        const stored = await t.app.services.sharedAccounts.require('Science');
        await admin.get(science);
        const form = { name: 'Science', parent: '', pin: '', notes: '', overdraft: '0', enabled: 'on' };
        let response = await admin.post(science, { ...form, name: 'Art' });
        assert.equal(response.status, 400);
        assert.equal(fieldError(response, 'name'), said('problem.shared.exists', { name: 'Art' }));
        response = await admin.post(science, { ...form, name: 'x'.repeat(201) });
        assert.equal(fieldError(response, 'name'), said('problem.shared.nameTooLong', { max: 200 }));
        response = await admin.post(science, { ...form, name: 'Sci\u0007ence', pin: '1'.repeat(1001) });
        assert.equal(
          fieldError(response, 'name'),
          said('problem.text.controlOneLine', { label: english.t('problem.label.name') }),
        );
        assert.equal(fieldError(response, 'pin'), said('problem.text.atMost', { max: 1000 }));
        response = await admin.post(science, { ...form, overdraft: '1e20' });
        assert.equal(fieldError(response, 'overdraft'), said('problem.amount.tooLarge'));
        assert.deepEqual(await t.app.services.sharedAccounts.require('Science'), stored, 'nothing written');
      });

      it("says a printer's problems in the catalog's words, writing nothing", async () => {
        const stored = await t.app.services.printers.requireById(Number(printer.split('/').pop()));
        await admin.get(printer);
        const response = await admin.post(printer, {
          display_name: 'Library',
          location: 'Floor\u00002',
          cost_gray: 'cheap',
          cost_color: '0',
          duplex_discount: '0',
          enabled: 'on',
        });
        assert.equal(response.status, 400);
        assert.equal(fieldError(response, 'cost_gray'), said('problem.amount.notAmount', { text: 'cheap' }));
        const service = await admin.post(printer, {
          display_name: 'Library',
          location: 'Floor\u00002',
          cost_gray: '0',
          cost_color: '0',
          duplex_discount: '0',
          enabled: 'on',
        });
        assert.equal(service.status, 400);
        assert.equal(
          fieldError(service, 'location'),
          said('problem.text.controlOneLine', { label: english.t('problem.label.location') }),
        );
        assert.deepEqual(await t.app.services.printers.requireById(stored.id), stored, 'nothing written');
      });

      it("says the logs' unknown names in the catalog's words", async () => {
        let response = await admin.get('/admin/jobs?user=nobody&printer=ps9%5Cnope');
        assert.equal(response.status, 400);
        assert.equal(fieldError(response, 'user'), said('problem.log.noUser', { name: 'nobody' }));
        response = await admin.get('/admin/jobs?printer=ps9%5Cnope');
        assert.equal(fieldError(response, 'printer'), said('problem.log.noPrinter', { name: 'ps9\\nope' }));
        response = await admin.get('/admin/transactions?account=Nowhere');
        assert.equal(response.status, 400);
        assert.equal(fieldError(response, 'account'), said('problem.log.noAccount', { name: 'Nowhere' }));
      });

      it("keeps each problem's key, so it can be said in the reader's language", async () => {
        const { sharedAccounts, accounts, printers } = t.app.services;
        assert.deepEqual(await inGerman(() => sharedAccounts.add('', ACTOR)), {
          name: 'Geben Sie einen Namen ein; ein Unterkonto schreibt man „Übergeordnet\\Unterkonto“.',
        });
        assert.deepEqual(
          await inGerman(() =>
            sharedAccounts.edit('Science', { name: 'Art', settings: { overdraft: -1 } }, ACTOR),
          ),
          {
            name: 'Ein gemeinsames Konto namens „Art“ gibt es bereits.',
            overdraft: 'Der Überziehungsrahmen muss null oder größer sein.',
          },
        );
        assert.deepEqual(
          await inGerman(() => accounts.setSelection('alice', 'auto-select-shared', null, ACTOR)),
          {
            sharedAccount: 'Wählen Sie das gemeinsame Konto, das belastet werden soll.',
          },
        );
        assert.deepEqual(
          await inGerman(() =>
            printers.configure('ps1', 'library', { settings: { notes: 'a\u0000b' } }, ACTOR),
          ),
          { notes: '„Notizen“ darf nur druckbare Zeichen enthalten (keine Steuerzeichen wie NUL).' },
        );
        assert.deepEqual(await inGerman(() => ledgerComment('x'.repeat(501))), {
          comment: 'Der Kommentar darf höchstens 500 Zeichen lang sein (er hat 501).',
        });
        assert.throws(
          () => parseAmount('ten'),
          (error: unknown) =>
            error instanceof AmountError &&
            error.message === '"ten" is not an amount; write it like 5 or 1.25.' &&
            error.problem.in(translatorFor('es')) === '«ten» no es un importe; escríbalo como 5 o 1,25.',
        );
      });
    },
  );
}
