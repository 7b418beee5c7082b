/**
 * The accounting methods of the XML-RPC web services driven by Python 3's standard xmlrpc.client:
 * every new method called with PaperCut's argument order and types, the faults a script meets
 * (unknown account, restricted refusal, bad amount), and an administrator's PaperCut script that
 * tops up balances, lists printers and sets costs, run unchanged.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../accounts/accounting.test-support.js';
import { DATABASE_KINDS, postgresSkip } from '../test-support/databases.js';
import { startTestApp, type TestApp } from '../test-support/harness.js';
import { call, python, runPythonScript } from '../test-support/python-xmlrpc.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const PASSWORD = 'lantern-orchid-93';
const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-py-accounts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Written for PaperCut's API (its example scripts' style); only the URL and token come from outside. */
const ADMIN_SCRIPT = String.raw`
import sys
from xmlrpc.client import ServerProxy, Fault

host, auth = sys.argv[1], sys.argv[2]
proxy = ServerProxy(host)

# Weekly top-up: everyone in Students under 2.00 gets 5.00
offset = 0
while True:
    members = proxy.api.getGroupMembers(auth, "Students", offset, 100)
    for user in members:
        balance = proxy.api.getUserAccountBalance(auth, user)
        if balance < 2.0:
            proxy.api.adjustUserAccountBalance(auth, user, 5.0, "Weekly top-up")
        print("%s %.2f" % (user, proxy.api.getUserAccountBalance(auth, user)))
    if len(members) < 100:
        break
    offset += 100

# Set every printer to 0.05 a page, except the colour ones
offset = 0
while True:
    printers = proxy.api.listPrinters(auth, offset, 100)
    for name in printers:
        server, printer = name.split("\\", 1)
        if "colour" in printer:
            proxy.api.setPrinterCostSimple(auth, server, printer, 0.25)
        else:
            proxy.api.setPrinterCostSimple(auth, server, printer, 0.05)
        print("%s %s" % (name, proxy.api.getPrinterCostSimple(auth, server, printer)))
    if len(printers) < 100:
        break
    offset += 100

# A charge that must not overdraw a restricted account
if not proxy.api.adjustUserAccountBalanceIfAvailable(auth, "dana", -100.0, "Course fee"):
    print("dana cannot pay")
try:
    proxy.api.getSharedAccountAccountBalance(auth, "No Such Account")
except Fault as fault:
    print("fault %d %s" % (fault.faultCode, fault.faultString))
for bad in (float("nan"), float("inf"), 1e10):
    try:
        proxy.api.adjustUserAccountBalance(auth, "dana", bad, "bad")
    except Fault as fault:
        print("bad amount fault %d" % fault.faultCode)
`;

for (const kind of DATABASE_KINDS) {
  describe(
    `XML-RPC accounting through Python's xmlrpc.client [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let url: string;
      let token: string;

      before(async () => {
        t = await startTestApp({ kind });
        await t.server.listen({ port: 0, host: '127.0.0.1' });
        const { port } = t.server.server.address() as { port: number };
        url = `http://127.0.0.1:${port}/rpc/api/xmlrpc`;
        token = (await t.app.services.apiTokens.create({ name: 'scripts', scopes: ['xmlrpc'] }, ACTOR)).token;
        for (const username of ['alice', 'bob', 'dana']) await t.createUser({ username, password: PASSWORD });
        await t.app.services.users.updateDetails('bob', { cardNumber: '4711' }, ACTOR);
        for (const username of ['alice', 'bob'])
          await t.app.services.groups.addMember(username, 'Students', ACTOR);
        await t.app.services.accounts.update('dana', { restricted: 1 }, ACTOR);
        await t.app.services.printers.add({ server: 'ps1', name: 'library' }, ACTOR);
        await t.app.services.printers.add({ server: 'ps1', name: 'colour-lab' }, ACTOR);
      });
      afterEach(() => assertLedgerSums(t.app.services));
      after(async () => t?.close());

      it('runs a PaperCut admin script that tops up balances, lists printers and sets costs, unchanged', async () => {
        await t.app.services.accounts.setBalance('bob', 30_000, 'Start', ACTOR);
        const out = await runPythonScript(ADMIN_SCRIPT, url, token);
        assert.equal(
          out,
          [
            'alice 5.00',
            'bob 3.00',
            'ps1\\colour-lab 0.25',
            'ps1\\library 0.05',
            'dana cannot pay',
            'fault 5 No shared account named "No Such Account".',
            'bad amount fault 1',
            'bad amount fault 1',
            'bad amount fault 4',
            '',
          ].join('\n'),
        );
        const printer = await t.app.services.printers.require('ps1', 'library');
        assert.deepEqual([printer.cost_gray, printer.cost_color], [500, 500]);
      });

      it('calls every balance, selection and user-property method with PaperCut types', async () => {
        const results = await python(url, [
          call('api.setUserAccountBalance', token, 'alice', 10.25, 'Start'),
          call('api.getUserAccountBalance', token, 'alice'),
          call('api.getUserAccountBalance', token, 'alice', ''),
          call('api.adjustUserAccountBalance', token, 'alice', -0.25, 'Fee', ''),
          call('api.adjustUserAccountBalanceIfAvailable', token, 'alice', -1.5, 'Fee'),
          call('api.adjustUserAccountBalanceIfAvailableLeaveRemaining', token, 'alice', -1, 8, 'Fee'),
          call('api.adjustUserAccountBalanceByCardNumber', token, '4711', 1, 'Card'),
          call('api.adjustUserAccountBalanceByCardNumber', token, '0000', 1, 'Card'),
          call('api.adjustUserAccountBalanceByGroup', token, 'Students', 1, 'Bonus'),
          call('api.adjustUserAccountBalanceByGroupUpTo', token, 'Students', 5, 10, 'Top-up'),
          call('api.setUserAccountBalanceByGroup', token, 'Students', 4, 'Reset'),
          call('api.getUserProperties', token, 'alice', ['balance', 'restricted', 'overdraft-amount']),
          call('api.setUserProperty', token, 'alice', 'overdraft-amount', '2.50'),
          call('api.getUserOverdraftMode', token, 'alice'),
          call('api.setUserOverdraftMode', token, 'alice', 'default'),
          call('api.resetUserCounts', token, 'alice', 'script'),
          call('api.reapplyInitialUserSettings', token, 'alice'),
          call('api.disablePrintingForUser', token, 'alice', 10),
          call('api.getUserProperty', token, 'alice', 'disabled-print'),
          call('api.setUserAccountSelectionAutoChargePersonal', token, 'alice', false),
          call(
            'api.setUserAccountSelectionStandardPopup',
            token,
            'alice',
            true,
            true,
            true,
            false,
            false,
            '',
          ),
          call('api.setUserAccountSelectionAdvancedPopup', token, 'alice', true, false, ''),
          call('api.getUserProperties', token, 'alice', [
            'account-selection.mode',
            'auto-shared-account',
            'print-stats.job-count',
            'print-stats.page-count',
          ]),
          call('api.adjustUserAccountBalanceIfAvailable', token, 'dana', -0.01, 'Fee'),
          call('api.adjustUserAccountBalance', token, 'alice', 'five', 'Fee'),
          call('api.getUserAccountBalance', token, 'nobody'),
          call('api.getUserProperty', token, 'alice', 'constructor'),
        ]);
        assert.deepEqual(
          results.map((r) => r.ok ?? r.fault?.[0]),
          [
            true,
            10.25,
            10.25,
            true,
            true,
            false,
            true,
            false,
            true,
            true,
            true,
            ['4', 'false', '0'],
            true,
            'individual',
            true,
            true,
            true,
            true,
            'true',
            true,
            true,
            true,
            ['SHOW_ADVANCED_ACCOUNT_SELECTION_POPUP', '', '0', '0'],
            false,
            4,
            5,
            4,
          ],
        );
      });

      it('calls every shared account, printer, group and job method, with their faults', async () => {
        const file = path.join(dir, `shared-${kind}.tsv`);
        writeFileSync(file, 'Projects\t\tY\t\t50\tN\talice\n');
        const results = await python(url, [
          call('api.addNewSharedAccount', token, 'Science'),
          call('api.renameSharedAccount', token, 'Science', 'Sciences'),
          call('api.isSharedAccountExists', token, 'Sciences'),
          call('api.adjustSharedAccountAccountBalance', token, 'Sciences', 20, 'Budget'),
          call('api.setSharedAccountAccountBalance', token, 'Sciences', 12.5, 'Budget'),
          call('api.getSharedAccountAccountBalance', token, 'Sciences'),
          call('api.setSharedAccountProperty', token, 'Sciences', 'restricted', 'TRUE'),
          call('api.setSharedAccountProperties', token, 'Sciences', [['notes', 'Lab']]),
          call('api.getSharedAccountProperty', token, 'Sciences', 'restricted'),
          call('api.getSharedAccountProperties', token, 'Sciences', ['notes', 'balance']),
          call('api.addSharedAccountAccessUser', token, 'Sciences', 'alice'),
          call('api.addSharedAccountAccessGroup', token, 'Sciences', 'Students'),
          call('api.listUserSharedAccounts', token, 'bob', 0, 10),
          call('api.removeSharedAccountAccessUser', token, 'Sciences', 'alice'),
          call('api.removeSharedAccountAccessGroup', token, 'Sciences', 'Students'),
          call('api.setUserAccountSelectionAutoSelectSharedAccount', token, 'alice', 'Sciences', false),
          call('api.getUserProperty', token, 'alice', 'auto-shared-account'),
          call('api.setSharedAccountOverdraftMode', token, 'Sciences', 'individual'),
          call('api.getSharedAccountOverdraftMode', token, 'Sciences'),
          call('api.disableSharedAccount', token, 'Sciences', 5),
          call('api.batchImportSharedAccounts', token, file, false, false),
          call('api.listSharedAccounts', token, 0, 10),
          call('api.deleteExistingSharedAccount', token, 'Projects'),
          call('api.getSharedAccountAccountBalance', token, 'Nope'),
          call('api.adjustSharedAccountAccountBalance', token, 'Sciences', 1e12 + 0.5, 'x'),
          call('api.addNewGroup', token, 'Staff'),
          call('api.isGroupExists', token, 'Staff'),
          call('api.setGroupQuota', token, 'Staff', 2.5, 'WEEKLY', 10.0),
          call('api.getGroupQuota', token, 'Staff'),
          call('api.removeGroup', token, 'Staff'),
          call('api.setPrinterProperty', token, 'ps1', 'library', 'location', 'Hall'),
          call('api.getPrinterProperty', token, 'ps1', 'library', 'location'),
          call('api.getPrinterProperties', token, 'ps1', 'library', ['disabled', 'printer-groups']),
          call('api.setPrinterProperties', token, 'ps1', 'library', [['notes', 'By the door']]),
          call('api.addPrinterGroup', token, 'ps1', 'library', 'Floor 1'),
          call('api.setPrinterGroups', token, 'ps1', 'library', 'Floor 1,Mono'),
          call('api.addPrinterAccessGroup', token, 'ps1', 'library', 'Students'),
          call('api.removePrinterAccessGroup', token, 'ps1', 'library', 'Students'),
          call('api.disablePrinter', token, 'ps1', 'library', 10),
          call('api.enablePrinter', token, 'ps1', 'library'),
          call('api.processJob', token, 'user=bob,server=ps1,printer=library,total-pages=2'),
          call('api.resetPrinterCounts', token, 'ps1', 'library', 'script'),
          call('api.renamePrinter', token, 'ps1', 'colour-lab', 'ps1', 'colour-lab-2'),
          call('api.deletePrinter', token, 'ps1', 'colour-lab-2'),
          call('api.processJob', token, 'user=bob,server=ps1,printer=library,total-pages=two'),
          call('api.getTaskStatus', token),
        ]);
        const answers = results.map((r) => r.ok ?? r.fault?.[0]);
        assert.deepEqual(answers.slice(0, 24), [
          true,
          true,
          true,
          true,
          true,
          12.5,
          true,
          true,
          'true',
          ['Lab', '12.5'],
          true,
          true,
          ['Sciences'],
          true,
          true,
          true,
          'Sciences',
          true,
          'default',
          true,
          'Lines processed: 1. Accounts created: 1, updated: 0, deleted: 0.',
          ['Projects', 'Sciences'],
          true,
          5,
        ]);
        assert.deepEqual(answers.slice(24, 28), [4, true, true, true]);
        assert.deepEqual(answers[28], { QuotaAmount: 2.5, QuotaPeriod: 'WEEKLY', QuotaMaxAccumulation: 10 });
        assert.deepEqual(answers.slice(29), [
          true,
          true,
          'Hall',
          ['false', ''],
          true,
          true,
          true,
          true,
          true,
          true,
          true,
          true,
          true,
          true,
          true,
          6,
          { completed: true, message: 'No task has run yet.' },
        ]);
      });

      it('answers api.getTaskStatus without a token, as PaperCut’s own client calls it', async () => {
        const [status] = await python(url, [['api.getTaskStatus', []]]);
        assert.equal((status?.ok as { completed?: boolean }).completed, true);
      });
    },
  );
}
