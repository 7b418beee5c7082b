import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../../accounts/accounting.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, type TestApp } from '../../test-support/harness.js';
import { ApiCallError } from '../papercut-call.js';
import { ADMIN, ledgerRows, methodCaller, num } from './method-call.test-support.js';

const PASSWORD = 'lantern-orchid-93';
const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-shared-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const kind of DATABASE_KINDS) {
  describe(
    `PaperCut shared account, printer and job methods [${kind}]`,
    {
      skip: kind === 'postgres' ? postgresSkip() : false,
    },
    () => {
      let t: TestApp;
      const call = methodCaller(() => t.app.services);
      before(async () => {
        t = await startTestApp({ kind });
        for (const username of ['alice', 'bob']) await t.createUser({ username, password: PASSWORD });
        await t.app.services.groups.addMember('bob', 'Staff', ADMIN);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(() => t?.close());

      it('manages shared accounts, their balances, properties and access', async () => {
        await call('api.addNewSharedAccount', 'Science');
        await call('api.addNewSharedAccount', 'Science\\Physics');
        assert.equal(await call('api.isSharedAccountExists', 'Science\\Physics'), true);
        assert.deepEqual(await call('api.listSharedAccounts', 0, 1000), ['Science', 'Science\\Physics']);
        await call('api.adjustSharedAccountAccountBalance', 'Science', 10.5, 'Budget');
        await call('api.setSharedAccountAccountBalance', 'Science\\Physics', 3, 'Budget');
        assert.equal(num(await call('api.getSharedAccountAccountBalance', 'Science')), 10.5);
        await call('api.setSharedAccountProperties', 'Science', [
          ['restricted', 'TRUE'],
          ['pin', '1234'],
          ['notes', 'Lab budget'],
        ]);
        await call('api.addSharedAccountAccessUser', 'Science', 'alice');
        await call('api.addSharedAccountAccessGroup', 'Science', 'Staff');
        assert.deepEqual(
          await call('api.getSharedAccountProperties', 'Science', [
            'restricted',
            'pin',
            'notes',
            'balance',
            'access-users',
            'access-groups',
            'disabled',
          ]),
          ['true', '1234', 'Lab budget', '10.5', 'alice', 'Staff', 'false'],
        );
        assert.deepEqual(await call('api.listUserSharedAccounts', 'bob', 0, 100), ['Science']);
        await call('api.removeSharedAccountAccessGroup', 'Science', 'Staff');
        assert.deepEqual(await call('api.listUserSharedAccounts', 'bob', 0, 100, true), []);
        await call('api.removeSharedAccountAccessUser', 'Science', 'alice');
        await call('api.disableSharedAccount', 'Science', -1);
        assert.equal(await call('api.getSharedAccountProperty', 'Science', 'disabled'), 'true');
        await call('api.disableSharedAccount', 'Science', 0);
        assert.equal(await call('api.getSharedAccountProperty', 'Science', 'disabled'), 'false');
        await call('api.setSharedAccountProperty', 'Science', 'overdraft-amount', '5');
        assert.equal(await call('api.getSharedAccountOverdraftMode', 'Science'), 'individual');
        await call('api.setSharedAccountOverdraftMode', 'Science', 'default');
        assert.equal(await call('api.getSharedAccountOverdraftMode', 'Science'), 'default');
        await call('api.renameSharedAccount', 'Science\\Physics', 'Science\\Optics');
        await call('api.deleteExistingSharedAccount', 'Science\\Optics');
        assert.equal(await call('api.isSharedAccountExists', 'Science\\Optics'), false);
      });

      it('refuses unknown shared accounts and properties, bad amounts and read-only writes, writing nothing', async () => {
        const rows = await ledgerRows(t);
        await assert.rejects(
          call('api.getSharedAccountAccountBalance', 'Nope'),
          /No shared account named "Nope"/,
        );
        await assert.rejects(call('api.adjustSharedAccountAccountBalance', 'Nope', 1, 'x'), /Nope/);
        await assert.rejects(
          call('api.adjustSharedAccountAccountBalance', 'Science', NaN, 'x'),
          ApiCallError,
        );
        await assert.rejects(call('api.setSharedAccountAccountBalance', 'Science', 5e9, 'x'), /too large/);
        await assert.rejects(
          call('api.getSharedAccountProperty', 'Science', 'constructor'),
          /Unknown shared account/,
        );
        await assert.rejects(
          call('api.setSharedAccountProperties', 'Science', [
            ['notes', 'changed'],
            ['account-id', '7'],
          ]),
          /read-only/,
        );
        assert.equal(await call('api.getSharedAccountProperty', 'Science', 'notes'), 'Lab budget');
        assert.equal(await ledgerRows(t), rows);
      });

      it("imports PaperCut's tab-separated shared account file, testing first", async () => {
        const file = path.join(dir, `accounts-${kind}.tsv`);
        writeFileSync(
          file,
          '# parent\tsub\tenabled\tpin\tbalance\trestricted\tusers\tgroups\n' +
            'Art\t\tY\t55\t20.00\tY\talice|bob\tStaff\n' +
            'Art\tPottery\t\t\t2.5\n' +
            'Music\t\tN\n',
        );
        assert.match(String(await call('api.batchImportSharedAccounts', file, true, false)), /Test only/);
        assert.equal(await call('api.isSharedAccountExists', 'Art'), false);
        const report = String(await call('api.batchImportSharedAccounts', file, false, true));
        assert.match(report, /Lines processed: 3\. Accounts created: 3, updated: 0, deleted: 1\./);
        assert.equal(await call('api.isSharedAccountExists', 'Science'), false);
        assert.deepEqual(
          await call('api.getSharedAccountProperties', 'Art', ['balance', 'restricted', 'pin']),
          ['20', 'true', '55'],
        );
        assert.equal(num(await call('api.getSharedAccountAccountBalance', 'Art\\Pottery')), 2.5);
        assert.equal(await call('api.getSharedAccountProperty', 'Music', 'disabled'), 'true');
        const bad = path.join(dir, `bad-${kind}.tsv`);
        writeFileSync(bad, 'Drama\t\tY\t\t10\nArt\t\tY\t\tlots\nFilm\t\tmaybe\n');
        await assert.rejects(call('api.batchImportSharedAccounts', bad, false, false), /line 2: .*line 3/);
        await assert.rejects(
          call('api.batchImportSharedAccounts', '/etc/passwd', false, false),
          /\.tsv, \.txt or \.csv/,
        );
        writeFileSync(bad, 'Drama\t\tY\t\t10\t\tnobody\n');
        await assert.rejects(call('api.batchImportSharedAccounts', bad, false, false), /no user "nobody"/);
        assert.equal(await call('api.isSharedAccountExists', 'Drama'), false);
      });

      it('lists printers, sets the simple cost and properties, groups and access', async () => {
        await t.app.services.printers.add({ server: 'ps1', name: 'library' }, ADMIN);
        await t.app.services.printers.add({ server: 'ps1', name: 'lab' }, ADMIN);
        assert.deepEqual(await call('api.listPrinters', 0, 1000), ['ps1\\lab', 'ps1\\library']);
        await call('api.setPrinterCostSimple', 'ps1', 'library', 0.1);
        assert.equal(num(await call('api.getPrinterCostSimple', 'ps1', 'library')), 0.1);
        await call('api.setPrinterProperties', 'ps1', 'library', [
          ['cost-per-page-color', '0.50'],
          ['duplex-discount-percent', '20'],
          ['location', 'Ground floor'],
        ]);
        await call('api.setPrinterGroups', 'ps1', 'library', 'Floor 1, Mono');
        await call('api.addPrinterGroup', 'ps1', 'library', 'Public');
        await call('api.addPrinterAccessGroup', 'ps1', 'library', 'Staff');
        assert.deepEqual(
          await call('api.getPrinterProperties', 'ps1', 'library', [
            'cost-per-page-gray',
            'cost-per-page-color',
            'duplex-discount-percent',
            'location',
            'printer-groups',
            'access-groups',
            'disabled',
          ]),
          ['0.1', '0.5', '20', 'Ground floor', 'Floor 1,Mono,Public', 'Staff', 'false'],
        );
        await call('api.removePrinterAccessGroup', 'ps1', 'library', 'Staff');
        await call('api.disablePrinter', 'ps1', 'library', -1);
        assert.equal(await call('api.getPrinterProperty', 'ps1', 'library', 'disabled'), 'true');
        await call('api.enablePrinter', 'ps1', 'library');
        assert.equal(await call('api.getPrinterProperty', 'ps1', 'library', 'disabled'), 'false');
        await assert.rejects(call('api.setPrinterCostSimple', 'ps1', 'library', -0.1), /negative/);
        await assert.rejects(
          call('api.setPrinterCostSimple', 'ps1', 'nope', 0.1),
          /No printer named "ps1\\nope"/,
        );
        await assert.rejects(
          call('api.setPrinterProperty', 'ps1', 'library', 'printer-id', '9'),
          /read-only/,
        );
        await assert.rejects(
          call('api.setPrinterProperty', 'ps1', 'library', 'duplex-discount-percent', '101'),
          /0 to 100/,
        );
        await assert.rejects(
          call('api.getPrinterProperty', 'ps1', 'library', 'toString'),
          /Unknown printer property/,
        );
        await call('api.renamePrinter', 'ps1', 'lab', 'ps2', 'lab-colour');
        await call('api.deletePrinter', 'ps2', '[All Printers]');
        assert.deepEqual(await call('api.listPrinters', 0, 1000), ['ps1\\library']);
      });

      it('charges a processJob through the charging service and refuses a bad one with nothing written', async () => {
        await call('api.setUserAccountBalance', 'alice', 1, 'Start');
        await call(
          'api.processJob',
          'user=alice,server=ps1,printer=library,total-pages=4,copies=2,document-name=Essay.pdf',
        );
        assert.equal(num(await call('api.getUserAccountBalance', 'alice')), 0.6);
        assert.deepEqual(
          await call('api.getUserProperties', 'alice', ['print-stats.job-count', 'print-stats.page-count']),
          ['1', '4'],
        );
        assert.equal(await call('api.getPrinterProperty', 'ps1', 'library', 'print-stats.page-count'), '4');
        await call('api.resetPrinterCounts', 'ps1', 'library', 'script');
        assert.equal(await call('api.getPrinterProperty', 'ps1', 'library', 'print-stats.job-count'), '0');
        const rows = await ledgerRows(t);
        await assert.rejects(call('api.processJob', 'user=alice,printer=library'), /server/);
        await assert.rejects(
          call('api.processJob', 'user=alice,server=ps1,printer=nope'),
          /No printer named/,
        );
        await assert.rejects(
          call('api.processJob', 'user=alice,server=ps1,printer=library,"total-pages=3'),
          /never closed/,
        );
        await call('api.setUserProperty', 'alice', 'restricted', 'TRUE');
        await assert.rejects(
          call('api.processJob', 'user=alice,server=ps1,printer=library,total-pages=100'),
          /denied: Not enough credit/,
        );
        assert.equal(await ledgerRows(t), rows);
      });
    },
  );
}
