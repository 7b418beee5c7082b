import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../accounts/accounting.test-support.js';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { fails, ok, runCli } from '../test-support/cli.js';
import { DATABASE_KINDS, freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const LONG = 'x'.repeat(10_000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-cli-accounting-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

for (const kind of DATABASE_KINDS) {
  describe(
    `quire accounting commands [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      const env: Record<string, string> = {};
      let dispose: (() => Promise<void>) | undefined;
      const quire = (...args: string[]) => runCli(args, env);
      const json = <T>(...args: string[]): T => JSON.parse(ok(quire(...args, '--json')).stdout) as T;
      /** A fresh app in this process on the same database, to set up and check what the CLI did. */
      async function inApp<T>(work: (app: App) => Promise<T>): Promise<T> {
        const app = await createApp(loadConfig({ ...env, QUIRE_LOG_LEVEL: 'silent' }));
        try {
          return await work(app);
        } finally {
          await app.close();
        }
      }
      const ledgerRows = () =>
        inApp(async ({ database }) =>
          Number(
            (
              await database.db
                .selectFrom('ledger')
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        );

      before(async () => {
        env.QUIRE_DATA_DIR = fs.mkdtempSync(path.join(tmp, 'data-'));
        if (kind === 'postgres') {
          const fresh = await freshDatabaseUrl('postgres');
          env.QUIRE_DATABASE_URL = fresh.url;
          dispose = fresh.dispose;
        }
        await inApp(async ({ services }) => {
          for (const username of ['alice', 'bob'])
            await services.users.createInternal({ username, password: 'lantern-orchid-93' }, ACTOR);
          await services.groups.addMember('bob', 'Staff', ACTOR);
        });
      });
      afterEach(() => inApp((app) => assertLedgerSums(app.services)));
      after(async () => dispose?.());

      it('adjusts, sets and shows a balance with typed decimals, and lists the transactions', () => {
        assert.match(
          ok(quire('account', 'adjust', 'alice', '5', '--comment', 'Top-up')).stdout,
          /by 5; it is now 5\./,
        );
        ok(quire('account', 'adjust', 'alice', '-1.25', '--comment', 'Fee'));
        assert.match(ok(quire('account', 'show', 'alice')).stdout, /Balance:\s+3\.75\n/);
        ok(quire('account', 'set', 'alice', '10', '--comment', 'Reset'));
        const shown = json<{
          balance: string;
          restricted: boolean;
          overdraft: string;
          selection: { mode: string };
        }>('account', 'show', 'Alice');
        assert.deepEqual(
          [shown.balance, shown.restricted, shown.overdraft, shown.selection.mode],
          ['10', false, '0', 'auto-charge-personal'],
        );
        const rows = json<{ amount: string; comment: string; actor: string }[]>(
          'account',
          'transactions',
          'alice',
        );
        assert.deepEqual(
          rows.map((row) => [row.amount, row.comment]),
          [
            ['6.25', 'Reset'],
            ['-1.25', 'Fee'],
            ['5', 'Top-up'],
          ],
        );
        assert.match(rows[0]!.actor, /^cli/);
        assert.match(
          ok(quire('account', 'transactions', 'alice')).stdout.split('\n')[0]!,
          /adjustment\s+6\.25\s+10\s/,
        );
      });

      it('refuses bad amounts, long comments and unknown users with one line on stderr, writing nothing', async () => {
        const before = await ledgerRows();
        for (const amount of ['abc', '1.2.3', '1e99', '99999999999999']) {
          const result = fails(
            quire('account', 'adjust', 'alice', amount, '--comment', 'x'),
            1,
            /^quire: AMOUNT: /,
          );
          assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
        }
        fails(
          quire('account', 'adjust', 'alice', '1', '--comment', LONG),
          1,
          /^quire: The comment may be at most 500 characters/,
        );
        fails(quire('account', 'set', 'nobody', '1', '--comment', 'x'), 1, /^quire: No user named "nobody"/);
        fails(quire('account', 'adjust', 'alice', '1'), 2, /--comment/);
        fails(
          quire('shared-account', 'adjust', 'Nowhere', '1', '--comment', 'x'),
          1,
          /No shared account named "Nowhere"/,
        );
        fails(quire('job', 'refund', '999999', '--comment', 'x'), 1, /No job with id 999999/);
        assert.equal(await ledgerRows(), before);
      });

      it('manages shared accounts: add, list, adjust, set, grant, revoke, remove', () => {
        ok(quire('shared-account', 'add', 'Science', '--restricted', '--overdraft', '2'));
        ok(quire('shared-account', 'add', 'Science\\Physics'));
        fails(quire('shared-account', 'add', 'Science'), 1, /exists already/);
        fails(quire('shared-account', 'add', 'Art', '--overdraft', '-1'), 1, /--overdraft/);
        assert.match(
          ok(quire('shared-account', 'adjust', 'Science', '50', '--comment', 'Budget')).stdout,
          /now 50\./,
        );
        ok(quire('shared-account', 'set', 'Science\\Physics', '7.5', '--comment', 'Start'));
        const list = json<{ name: string; balance: string; restricted: boolean }[]>('shared-account', 'list');
        assert.deepEqual(
          list.map((a) => [a.name, a.balance, a.restricted]),
          [
            ['Science', '50', true],
            ['Science\\Physics', '7.5', false],
          ],
        );
        ok(quire('shared-account', 'grant', 'Science', '--user', 'alice'));
        ok(quire('shared-account', 'grant', 'Science', '--group', 'Staff'));
        fails(
          quire('shared-account', 'grant', 'Science', '--user', 'alice', '--group', 'Staff'),
          1,
          /one of them/,
        );
        fails(quire('shared-account', 'grant', 'Science', '--group', 'Nobody'), 1, /Nobody/);
        const shown = json<{ users: string[]; groups: string[] }>('shared-account', 'show', 'Science');
        assert.deepEqual([shown.users, shown.groups], [['alice'], ['Staff']]);
        ok(quire('shared-account', 'revoke', 'Science', '--group', 'Staff'));
        fails(quire('shared-account', 'remove', 'Science'), 1, /sub-accounts/);
        ok(quire('shared-account', 'remove', 'Science\\Physics'));
      });

      it('adds and sets printers, records, lists and refunds jobs through the charging service', () => {
        ok(
          quire(
            'printer',
            'add',
            'library',
            '--server',
            'ps1',
            '--cost-per-page',
            '0.10',
            '--colour-cost',
            '0.50',
            '--duplex-discount',
            '20',
          ),
        );
        fails(quire('printer', 'add', 'cheap', '--cost-per-page', '-1'), 1, /A price must be zero or more/);
        fails(quire('printer', 'add', 'cheap', '--cost-per-page', 'ten'), 1, /^quire: --cost-per-page: /);
        ok(quire('printer', 'set', 'library', '--size-cost', 'A3=0.20/1.00', '--location', 'Ground floor'));
        fails(quire('printer', 'set', 'library', '--size-cost', 'A3'), 1, /SIZE=GREY\/COLOUR/);
        fails(quire('printer', 'set', 'library', '--location', LONG), 1, /At most 1000 characters/);
        fails(quire('printer', 'set', 'nowhere', '--enabled'), 1, /No printer named "nowhere"/);
        const printers = json<
          {
            printer: string;
            costPerPage: string;
            colourCost: string;
            sizeCosts: unknown[];
            location: string;
          }[]
        >('printer', 'list');
        assert.deepEqual(printers, [
          {
            ...printers[0],
            printer: 'ps1\\library',
            costPerPage: '0.1',
            colourCost: '0.5',
            location: 'Ground floor',
            sizeCosts: [{ size: 'A3', costPerPage: '0.2', colourCost: '1' }],
          },
        ]);

        const recorded = ok(
          quire(
            'job',
            'record',
            '--user',
            'alice',
            '--printer',
            'ps1\\library',
            '--pages',
            '4',
            '--colour-pages',
            '1',
            '--copies',
            '2',
            '--document',
            'Essay.pdf',
          ),
        );
        assert.match(recorded.stdout, /charged 1\.6 to alice; balance now 8\.4\./);
        fails(
          quire('job', 'record', '--user', 'alice', '--printer', 'nowhere', '--pages', '1'),
          1,
          /No printer named/,
        );
        fails(
          quire('job', 'record', '--user', 'alice', '--printer', 'library', '--pages', 'many'),
          1,
          /Pages must be a whole number/,
        );
        ok(quire('account', 'set', 'bob', '0', '--comment', 'Empty'));
        ok(quire('shared-account', 'add', 'Empty', '--restricted'));
        ok(quire('shared-account', 'grant', 'Empty', '--user', 'bob'));
        fails(
          quire(
            'job',
            'record',
            '--user',
            'bob',
            '--printer',
            'library',
            '--pages',
            '1',
            '--shared-account',
            'Empty',
          ),
          1,
          /denied: Not enough credit/,
        );
        const jobs = json<{ id: number; user: string; status: string; cost: string; origin: string }[]>(
          'job',
          'list',
          '--user',
          'alice',
        );
        assert.deepEqual(
          jobs.map((job) => [job.user, job.status, job.cost, job.origin]),
          [['alice', 'printed', '1.6', 'cli']],
        );
        assert.equal(
          json<unknown[]>('job', 'list', '--status', 'denied', '--printer', 'ps1\\library').length,
          1,
        );
        fails(quire('job', 'list', '--status', 'lost'), 1, /status must be one of/);
        const id = String(jobs[0]!.id);
        fails(quire('job', 'refund', id, '--amount', '5', '--comment', 'Jam'), 1, /at most 1\.6/);
        assert.match(
          ok(quire('job', 'refund', id, '--amount', '0.4', '--comment', 'Jam')).stdout,
          /0\.4 of 1\.6/,
        );
        ok(quire('printer', 'remove', 'library', '--server', 'ps1'));
        assert.equal(
          json<unknown[]>('job', 'list', '--user', 'alice').length,
          1,
          'the job log keeps its jobs',
        );
      });

      it("sets a group's quota and initial settings, refusing bad periods and amounts", async () => {
        assert.match(
          ok(quire('group', 'set-quota', 'Staff', '5', '--period', 'weekly', '--cap', '20')).stdout,
          /5 weekly up to 20/,
        );
        fails(quire('group', 'set-quota', 'Staff', '5', '--period', 'hourly'), 1, /period must be one of/);
        fails(
          quire('group', 'set-quota', 'Staff', '5', '--period', 'cron', '--cron', 'never'),
          1,
          /cron schedule/,
        );
        fails(quire('group', 'set-quota', 'Staff', '-5', '--period', 'daily'), 1, /zero or more/);
        fails(quire('group', 'set-quota', 'Nobody', '5', '--period', 'daily'), 1, /Nobody/);
        ok(quire('group', 'set-initial', 'Staff', '--credit', '2.5', '--restricted', '--overdraft', '1'));
        fails(quire('group', 'set-initial', 'Staff', '--credit', 'lots'), 1, /^quire: --credit: /);
        const settings = await inApp(({ services }) => services.groupAccounts.settings('Staff'));
        assert.deepEqual(
          [
            settings.quota_period,
            settings.quota_amount,
            settings.quota_cap,
            settings.initial_credit,
            settings.initial_restricted,
          ],
          ['weekly', 50_000, 200_000, 25_000, 1],
        );
      });

      it('verifies that every balance equals the sum of its ledger rows, and names an account that does not', async () => {
        assert.match(
          ok(quire('accounts', 'verify')).stdout,
          /^All \d+ balances equal the sum of their ledger rows\.\n$/,
        );
        const id = await inApp(async ({ services, database }) => {
          const { account } = await services.accounts.accountOf('alice');
          await database.db
            .updateTable('accounts')
            .set({ balance: account.balance + 1 })
            .where('id', '=', account.id)
            .execute();
          return account.id;
        });
        fails(quire('accounts', 'verify'), 1, new RegExp(`^quire: account ${id}: balance `));
        await inApp(({ database }) =>
          database.db
            .updateTable('accounts')
            .set((eb) => ({ balance: eb('balance', '-', 1) }))
            .where('id', '=', id)
            .execute(),
        );
      });
    },
  );
}
