import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertLedgerSums } from '../accounts/accounting.test-support.js';
import { parseAmount } from '../accounts/money.js';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { fails, ok, runCli } from '../test-support/cli.js';
import { DATABASE_KINDS, freshDatabaseUrl, postgresSkip } from '../test-support/databases.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-cli-queues-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface ListedPrinter {
  printer: string;
  kind: string;
  destination: string;
  holdJobs: boolean;
  auth: string;
  queueUrl: string;
  secureQueueUrl: string | null;
  members?: string[];
}

for (const kind of DATABASE_KINDS) {
  describe(
    `quire print queue commands [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      const env: Record<string, string> = { QUIRE_PUBLIC_URL: 'https://print.example.org' };
      let dispose: (() => Promise<void>) | undefined;
      const quire = (...args: string[]) => runCli(args, env);
      const json = <T>(...args: string[]): T => JSON.parse(ok(quire(...args, '--json')).stdout) as T;
      async function inApp<T>(work: (app: App) => Promise<T>): Promise<T> {
        const app = await createApp(loadConfig({ ...env, QUIRE_LOG_LEVEL: 'silent' }));
        try {
          return await work(app);
        } finally {
          await app.close();
        }
      }
      /** A job printed to `queue` through the print service, as the IPP endpoint would. */
      const printTo = (queue: string, username = 'alice') =>
        inApp(async ({ services }) => {
          const stream = (async function* () {
            yield Buffer.from('%PDF-1.7\n%%EOF\n');
          })();
          const job = await services.printJobs.receive(
            { queue, username, documentName: 'Report.pdf' },
            { stream, format: 'application/pdf' },
            async () => ({ pages: 2, pageColors: [false, false] }),
          );
          return job.id;
        });
      const balance = (username: string) =>
        inApp(async ({ services }) => (await services.accounts.accountOf(username)).account.balance);
      const spoolFiles = () => {
        const dir = path.join(env.QUIRE_DATA_DIR!, 'spool');
        return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
      };

      before(async () => {
        env.QUIRE_DATA_DIR = fs.mkdtempSync(path.join(tmp, 'data-'));
        if (kind === 'postgres') {
          const fresh = await freshDatabaseUrl('postgres');
          env.QUIRE_DATABASE_URL = fresh.url;
          dispose = fresh.dispose;
        }
        await inApp(async ({ services }) => {
          await services.users.createInternal({ username: 'alice', password: 'lantern-orchid-93' }, ACTOR);
          await services.accounts.setBalance('alice', parseAmount('10'), 'start', ACTOR);
        });
      });
      afterEach(() => inApp((app) => assertLedgerSums(app.services)));
      after(async () => dispose?.());

      it('adds and changes queues with a destination, hold and identification, and lists their addresses', () => {
        ok(
          quire(
            'printer',
            'add',
            'secure',
            '--server',
            'ps1',
            '--cost-per-page',
            '0.10',
            '--destination',
            'ipps://printer.example.org/ipp/print',
            '--hold',
            '--auth',
            'trusted',
          ),
        );
        const [secure] = json<ListedPrinter[]>('printer', 'list');
        assert.deepEqual(
          [secure?.printer, secure?.kind, secure?.destination, secure?.holdJobs, secure?.auth],
          ['ps1\\secure', 'printer', 'ipps://printer.example.org/ipp/print', true, 'trusted'],
        );
        assert.equal(secure?.queueUrl, 'ipp://print.example.org:9191/printers/secure');
        assert.equal(secure?.secureQueueUrl, 'ipps://print.example.org:9192/printers/secure');
        assert.match(
          ok(quire('printer', 'list')).stdout,
          /^ps1\\secure .* hold +ipp:\/\/print\.example\.org:9191\/printers\/secure\n/,
        );
        ok(quire('printer', 'set', 'secure', '--no-hold', '--auth', 'basic', '--destination', ''));
        const [changed] = json<ListedPrinter[]>('printer', 'list');
        assert.deepEqual([changed?.holdJobs, changed?.auth, changed?.destination], [false, 'basic', '']);
        ok(quire('printer', 'set', 'secure', '--hold'));
        fails(
          quire('printer', 'add', 'bad', '--destination', 'socket://printer:9100'),
          1,
          /ipp:\/\/ or ipps:\/\//,
        );
        fails(quire('printer', 'add', 'bad', '--destination', 'ipp://user:secret@printer/'), 1, /password/);
        fails(quire('printer', 'add', 'bad', '--auth', 'magic'), 1, /^quire: --auth: basic or trusted/);
        assert.equal(
          json<ListedPrinter[]>('printer', 'list').length,
          1,
          'nothing added by a refused command',
        );
      });

      it('adds a Find-Me queue over real printers only', () => {
        for (const [name, price] of [
          ['east', '0.10'],
          ['west', '0.30'],
        ] as const)
          ok(quire('printer', 'add', name, '--server', 'ps1', '--cost-per-page', price));
        const added = ok(
          quire('queue', 'add-find-me', 'anywhere', '--server', 'ps1', '--printers', 'east, ps1\\west'),
        );
        assert.match(added.stdout, /Added Find-Me queue ps1\\anywhere \(printers: ps1\\east, ps1\\west\)/);
        assert.match(added.stdout, /ipp:\/\/print\.example\.org:9191\/printers\/anywhere/);
        const anywhere = json<ListedPrinter[]>('printer', 'list').find(
          (row) => row.printer === 'ps1\\anywhere',
        );
        assert.deepEqual(
          [anywhere?.kind, anywhere?.holdJobs, anywhere?.members],
          ['find-me', true, ['ps1\\east', 'ps1\\west']],
        );
        fails(
          quire('queue', 'add-find-me', 'nowhere', '--printers', 'east,south'),
          1,
          /No printer named "south"/,
        );
        fails(
          quire('queue', 'add-find-me', 'nested', '--printers', 'anywhere'),
          1,
          /is a Find-Me queue, not a printer/,
        );
        fails(
          quire('queue', 'add-find-me', 'anywhere', '--server', 'ps1', '--printers', 'east'),
          1,
          /exists already/,
        );
        fails(
          quire('printer', 'set', 'anywhere', '--destination', 'ipp://x/'),
          1,
          /Find-Me queue has no destination/,
        );
        ok(quire('queue', 'set-members', 'anywhere', '--printers', 'west,east'));
      });

      it('lists held jobs with their cost, releases them (to a Find-Me member) and cancels them', async () => {
        const held = await printTo('secure');
        const findMe = await printTo('anywhere');
        const listed = json<{ id: number; cost: string | null; queue: string; expires: string }[]>(
          'job',
          'list',
          '--held',
        );
        assert.deepEqual(
          listed.map((row) => [row.id, row.queue, row.cost]),
          [
            [findMe, 'ps1\\anywhere', null],
            [held, 'ps1\\secure', '0.2'],
          ],
        );
        assert.match(ok(quire('job', 'list', '--held')).stdout, new RegExp(`^${findMe} .*ps1\\\\anywhere`));
        const before = await balance('alice');
        assert.match(
          ok(quire('job', 'release', String(held))).stdout,
          /Released job \d+ to ps1\\secure: charged 0\.2 to alice/,
        );
        assert.equal(await balance('alice'), before - parseAmount('0.2'));
        fails(quire('job', 'release', String(held)), 1, /not waiting to be released/);
        fails(quire('job', 'release', String(findMe)), 1, /Choose the printer/);
        fails(
          quire('job', 'release', String(findMe), '--printer', 'secure'),
          1,
          /not a printer of the Find-Me queue/,
        );
        ok(quire('job', 'release', String(findMe), '--printer', 'west'));
        assert.equal(await balance('alice'), before - parseAmount('0.8'), '0.2 + 2 pages at west’s 0.30');
        const third = await printTo('secure');
        assert.equal(spoolFiles().filter((name) => name.startsWith(`${third}-`)).length, 1);
        assert.match(
          ok(quire('job', 'cancel', String(third))).stdout,
          new RegExp(`Cancelled job ${third}\\.`),
        );
        assert.deepEqual(
          spoolFiles().filter((name) => name.startsWith(`${third}-`)),
          [],
        );
        fails(quire('job', 'cancel', String(third)), 1, /cannot be cancelled/);
        fails(quire('job', 'release', 'abc'), 2, /whole number/);
        fails(quire('job', 'cancel', '99999'), 1, /No print job with id 99999/);
        assert.deepEqual(json<unknown[]>('job', 'list', '--held'), []);
      });
    },
  );
}
