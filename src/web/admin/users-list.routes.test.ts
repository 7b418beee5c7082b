/**
 * The Users list's accounting columns: each user's balance and restriction (read in the list's
 * one query), the Restricted and Balance below filters, and sorting by balance.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { parseAmount } from '../../accounts/money.js';
import type { PasswordHasher } from '../../passwords/password-hasher.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const PASSWORD = 'list-Passphrase-4821';
const ACTOR = { username: 'test', ip: '127.0.0.1' };
const $ = parseAmount;
const hasher: PasswordHasher = {
  hash: async (password) => `plain:${password}`,
  verify: async (hashed, password) => hashed === `plain:${password}`,
};
const usernames = (body: string) =>
  [...body.matchAll(/<td><a href="\/admin\/users\/([^"]+)">/g)].map((m) => m[1]!);
/** The Balance and Restricted cells of a user's row (the Status cell after them holds badges). */
const accountCells = (body: string, username: string) => {
  const start = body.indexOf(`<td><a href="/admin/users/${username}">`);
  const row = body.slice(start, body.indexOf('</tr>', start));
  return [...row.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]!).slice(-2);
};

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console → Users list: balance and restricted [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;

      before(async () => {
        t = await startTestApp({ kind, ports: { hasher } });
        await t.createUser({ username: 'admin', password: PASSWORD, isAdmin: true });
        const { accounts } = t.app.services;
        for (const [username, balance, restricted] of [
          ['acct-rich', '20', false],
          ['acct-poor', '0.5', true],
          ['acct-debt', '-3', true],
          ['acct-zero', '0', false],
        ] as const) {
          await t.createUser({ username, password: PASSWORD });
          await accounts.setBalance(username, $(balance), 'start', ACTOR);
          await accounts.update(username, { restricted: restricted ? 1 : 0 }, ACTOR);
        }
        // acct-new has no account yet: it opens when first needed.
        await t.createUser({ username: 'acct-new', password: PASSWORD });
        admin = t.client();
        assert.equal((await admin.signIn('admin', PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('shows each user’s balance and whether they are restricted', async () => {
        const page = await admin.get('/admin/users?q=acct-');
        assert.equal(page.status, 200);
        assert.match(
          page.body,
          /<th scope="col"><a href="\/admin\/users\?q=acct-&amp;sort=balance&amp;dir=asc">Balance</,
        );
        assert.match(page.body, /<th scope="col">Restricted<\/th>/);
        assert.deepEqual(accountCells(page.body, 'acct-rich'), ['$20.00', 'No']);
        assert.deepEqual(accountCells(page.body, 'acct-debt'), ['-$3.00', 'Yes']);
        assert.deepEqual(accountCells(page.body, 'acct-new'), ['No account yet', 'No account yet']);
      });

      it('filters by restricted and by a balance below an amount, with and without quick find', async () => {
        const names = async (query: string) => usernames((await admin.get(`/admin/users?${query}`)).body);
        assert.deepEqual(await names('q=acct-&restricted=yes'), ['acct-debt', 'acct-poor']);
        assert.deepEqual(await names('restricted=yes'), ['acct-debt', 'acct-poor']);
        assert.deepEqual(await names('q=acct-&restricted=no'), ['acct-rich', 'acct-zero']);
        assert.deepEqual(await names('q=acct-&below=0.5'), ['acct-debt', 'acct-zero']);
        assert.deepEqual(await names('q=a&below=1&restricted=no'), ['acct-zero']);
        assert.deepEqual(await names('below=-10'), []);
        assert.deepEqual(
          await names('q=acct-&restricted=constructor'),
          ['acct-debt', 'acct-new', 'acct-poor', 'acct-rich', 'acct-zero'],
          'an unknown choice is no filter',
        );
      });

      it('sorts by balance both ways, users without an account last, keeping the filters', async () => {
        const page = await admin.get('/admin/users?q=acct-&sort=balance&dir=asc');
        assert.deepEqual(usernames(page.body), [
          'acct-debt',
          'acct-zero',
          'acct-poor',
          'acct-rich',
          'acct-new',
        ]);
        const descending = await admin.get('/admin/users?q=acct-&sort=balance&dir=desc');
        assert.deepEqual(usernames(descending.body), [
          'acct-rich',
          'acct-poor',
          'acct-zero',
          'acct-debt',
          'acct-new',
        ]);
        const filtered = await admin.get('/admin/users?q=acct-&restricted=yes&below=5');
        assert.match(
          filtered.body,
          /href="\/admin\/users\?q=acct-&amp;restricted=yes&amp;below=5&amp;sort=balance&amp;dir=asc"/,
        );
        assert.match(filtered.body, /<option value="yes" selected>Yes<\/option>/);
        assert.match(filtered.body, /<input id="field-below" name="below" type="text" value="5"/);
      });

      it('refuses a balance that is not an amount with 400 and the field’s error', async () => {
        for (const below of ['abc', '1e400', '99999999999999']) {
          const page = await admin.get(`/admin/users?below=${below}`);
          assert.equal(page.status, 400, below);
          assert.match(page.body, /id="field-below-error"/);
          assert.match(page.body, /<input id="field-below"[^>]*aria-invalid="true"/);
          assert.deepEqual(usernames(page.body), []);
        }
      });

      it('refuses other users (403) and signed-out visitors (401)', async () => {
        const user = t.client();
        assert.equal((await user.signIn('acct-rich', PASSWORD)).status, 303);
        assert.equal((await user.get('/admin/users?restricted=yes&sort=balance')).status, 403);
        const anonymous = t.client();
        assert.equal((await anonymous.get('/admin/users?below=1')).status, 401);
      });
    },
  );
}
