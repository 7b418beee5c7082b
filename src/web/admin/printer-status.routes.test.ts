import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { parseAmount } from '../../accounts/money.js';
import { freePort } from '../../test-support/free-ports.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const ADMIN = { username: 'admin', ip: '' };

/** The part of a page from one text to another. */
function section(body: string, from: string, to: string): string {
  const start = body.indexOf(from);
  assert.ok(start >= 0, from);
  return body.slice(start, body.indexOf(to, start));
}

for (const kind of DATABASE_KINDS) {
  describe(
    `Admin Console: printers' state from their destinations [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      const ids: Record<string, number> = {};

      before(async () => {
        t = await startTestApp({ kind });
        const { printers, printerStatus } = t.app.services;
        await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
        const price = { cost_gray: parseAmount('0.10') };
        const nobody = `ipp://127.0.0.1:${await freePort()}/ipp/print`;
        await printers.add({ server: 'ps1', name: 'gone', ...price, destination_uri: nobody }, ADMIN);
        await printers.add({ server: 'ps1', name: 'empty', ...price, destination_uri: nobody }, ADMIN);
        await printers.add({ server: 'ps1', name: 'fine', ...price, destination_uri: nobody }, ADMIN);
        await printers.add({ server: 'ps1', name: 'nowhere', ...price }, ADMIN);
        for (const row of await printers.list(0, 10)) ids[row.name] = row.id;
        // A real poll: nothing listens on that port.
        await printerStatus.pollAll();
        // What printers out of paper and well would have answered.
        const db = t.app.database.db;
        await db
          .updateTable('printer_status')
          .set({ state: 'stopped', reasons: 'media-empty-error,toner-low-report', message: 'Load tray 2' })
          .where('printer_id', '=', ids.empty!)
          .execute();
        await db
          .updateTable('printer_status')
          .set({ state: 'idle', reasons: 'toner-low-report', message: '' })
          .where('printer_id', '=', ids.fine!)
          .execute();
        admin = t.client();
        assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('shows each printer’s state on the Printers list, in words', async () => {
        const page = (await admin.get('/admin/printers')).body;
        assert.match(page, /<th[^>]*>Status<\/th>/);
        assert.match(section(page, 'ps1\\gone', '</tr>'), /Unreachable/);
        assert.match(section(page, 'ps1\\empty', '</tr>'), /Stopped: Out of paper, Toner low/);
        assert.match(section(page, 'ps1\\fine', '</tr>'), /Idle: Toner low/);
        assert.match(section(page, 'ps1\\nowhere', '</tr>'), /—/);
      });

      it('shows the state, reasons, message and time on a printer’s page, or why there is none', async () => {
        const page = (await admin.get(`/admin/printers/${ids.empty}`)).body;
        const status = section(page, '<h2 id="printer-status-title">', '</section>');
        assert.match(status, /Stopped/);
        assert.match(status, /Out of paper, Toner low/);
        assert.match(status, /Load tray 2/);
        assert.match(status, /<time datetime="/);
        const gone = (await admin.get(`/admin/printers/${ids.gone}`)).body;
        assert.match(
          section(gone, '<h2 id="printer-status-title">', '</section>'),
          /Unreachable[\s\S]*refused the connection/,
        );
        const nowhere = (await admin.get(`/admin/printers/${ids.nowhere}`)).body;
        assert.match(nowhere, /has no destination: its jobs wait/);
      });

      it('lists the printers needing attention on the Dashboard, not those that are well', async () => {
        const page = (await admin.get('/admin/dashboard')).body;
        const list = section(page, 'Printers needing attention', '</section>');
        assert.match(list, new RegExp(`href="/admin/printers/${ids.gone}">ps1\\\\gone</a>`));
        assert.match(list, new RegExp(`href="/admin/printers/${ids.empty}">ps1\\\\empty</a>`));
        assert.doesNotMatch(list, /ps1\\fine|ps1\\nowhere/);
      });
    },
  );
}
