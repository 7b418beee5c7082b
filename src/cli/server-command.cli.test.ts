import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CLI_MAIN, fails, ok, REPOSITORY_ROOT, run, runCli, type CliResult } from '../test-support/cli.js';

const PROTOTYPE_NAMES = [
  ...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype', 'constructor']),
];

/**
 * Runs the CLI's own runCli once per argument list in one child process (a process per call costs
 * seconds here), catching what each call writes; the configuration comes from `env` as usual.
 */
const DRIVER = `
const { runCli } = await import(process.argv[2]);
const calls = JSON.parse(process.argv[3]);
const results = [];
const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
for (const args of calls) {
  const result = { stdout: '', stderr: '' };
  process.stdout.write = (chunk) => ((result.stdout += chunk), true);
  process.stderr.write = (chunk) => ((result.stderr += chunk), true);
  result.status = await runCli(['node', 'quire', ...args]);
  Object.assign(process.stdout, { write: write.out });
  Object.assign(process.stderr, { write: write.err });
  results.push(result);
}
write.out(JSON.stringify(results));
`;

function runMany(calls: string[][], env: Record<string, string>, dir: string): CliResult[] {
  const driver = path.join(dir, 'driver.mjs');
  fs.writeFileSync(driver, DRIVER);
  const result = ok(run(driver, [pathToFileURL(CLI_MAIN).href, JSON.stringify(calls)], env));
  return JSON.parse(result.stdout) as CliResult[];
}

const EXAMPLES = path.join(REPOSITORY_ROOT, 'examples', 'custom-directory');

describe('quire server-command', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-server-command-'));
  const env = { QUIRE_DATA_DIR: tmp };
  const sc = (...args: string[]) => runCli(['server-command', ...args], env);

  before(() => {
    ok(
      runCli(
        [
          'source',
          'add-custom',
          '--name',
          'Corporate Directory',
          '--program',
          path.join(EXAMPLES, 'users.sh'),
          '--auth-program',
          path.join(EXAMPLES, 'auth.sh'),
        ],
        env,
      ),
    );
    ok(runCli(['sync'], env));
    ok(runCli(['user', 'add', 'root', '--admin', '--password-stdin'], env, 'root-Pass-Phrase-77\n'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints values, one name per line for lists, and nothing for actions, as PaperCut does', () => {
    assert.equal(ok(sc('user-exists', 'alice')).stdout, 'true\n');
    assert.equal(ok(sc('user-exists', 'nobody')).stdout, 'false\n');
    const names = ok(sc('list-user-accounts')).stdout.trimEnd().split('\n');
    assert.ok(names.includes('alice') && names.includes('bob'));
    assert.deepEqual(names, [...names].sort(), 'in username order');
    assert.equal(ok(sc('get-user-property', 'alice', 'internal')).stdout, 'false\n');
    const added = runCli(
      ['server-command', 'add-new-internal-user', 'printer-admin', '-', 'Printer Admin', 'pa@example.org'],
      env,
      'printer-Admin-Pass-55\n',
    );
    assert.equal(ok(added).stdout, '', 'an action prints nothing');
    assert.equal(ok(sc('get-user-property', 'printer-admin', 'email')).stdout, 'pa@example.org\n');
    assert.equal(ok(sc('set-user-property', 'printer-admin', 'department', 'IT')).stdout, '');
    assert.equal(ok(sc('get-user-property', 'printer-admin', 'department')).stdout, 'IT\n');
    ok(sc('add-admin-access-user', 'printer-admin'));
    ok(sc('rename-user', 'printer-admin', 'print-admin'));
    assert.equal(ok(sc('user-exists', 'print-admin')).stdout, 'true\n');
    ok(sc('add-user-to-group', 'print-admin', 'Helpdesk'));
    assert.equal(ok(sc('get-group-members', 'Helpdesk')).stdout, 'print-admin\n');
    assert.match(ok(sc('list-user-groups')).stdout, /^Helpdesk$/m);
    ok(sc('delete-existing-user', 'print-admin'));
    assert.equal(ok(sc('user-exists', 'print-admin')).stdout, 'false\n');
  });

  it('works in a shell loop over list-user-accounts', () => {
    const output = execFileSync(
      'sh',
      [
        '-c',
        `node "${CLI_MAIN}" server-command list-user-accounts | head -n 2 | xargs -I{} node "${CLI_MAIN}" server-command get-user-property {} internal`,
      ],
      {
        env: { ...process.env, ...env, QUIRE_LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      },
    );
    assert.equal(output, 'false\nfalse\n');
  });

  it('exits non-zero with the reason on stderr for every error', () => {
    fails(sc('get-user-property', 'nobody', 'email'), 1, /quire: No user named "nobody"\./);
    fails(sc('get-user-property', 'alice', 'net-stats.data-mb'), 1, /Unknown user property "net-stats/);
    fails(
      sc('set-user-property', 'alice', 'email', 'a@elsewhere.example'),
      1,
      /managed by the directory source/,
    );
    fails(sc('user-exists'), 2, /usage: quire server-command user-exists username/);
    fails(sc('frobnicate'), 2, /unknown server-command verb "frobnicate"/);
    fails(sc('batch-import-internal-users', '/no/such/file.tsv', 'maybe'), 2, /must be true or false/);
  });

  it('adjusts balances, refuses a restricted charge, sets a quota and lists shared accounts', () => {
    const calls = [
      ['add-new-group', 'Class 7'],
      ['add-user-to-group', 'root', 'Class 7'],
      ['adjust-user-account-balance', 'root', '5.25', 'Top-up'],
      ['get-user-account-balance', 'root'],
      ['set-user-property', 'root', 'restricted', 'TRUE'],
      ['adjust-user-account-balance-if-available', 'root', '-6', 'Fee'],
      ['adjust-user-account-balance-by-group', 'Class 7', '0.75', 'Bonus'],
      ['get-user-property', 'root', 'balance'],
      ['set-group-quota', 'Class 7', '2.5', 'weekly', '0'],
      ['get-group-quota', 'Class 7'],
      ['add-new-shared-account', 'Science'],
      ['set-shared-account-account-balance', 'Science', '12', 'Budget'],
      ['list-shared-accounts'],
      ['get-shared-account-account-balance', 'Science'],
      ['list-printers'],
      ['adjust-user-account-balance', 'root', 'lots', 'x'],
      ['adjust-user-account-balance', 'root', '1e10', 'x'],
      ['disable-printing-for-user', 'root', 'soon'],
      ['get-shared-account-account-balance', 'Nope'],
    ];
    const results = runMany(
      calls.map((args) => ['server-command', ...args]),
      env,
      tmp,
    );
    assert.deepEqual(
      results.map((r) => [r.status, r.stdout.trim() || r.stderr.trim()]),
      [
        [0, ''],
        [0, ''],
        [0, ''],
        [0, '5.25'],
        [0, ''],
        [0, 'false'],
        [0, ''],
        [0, '6'],
        [0, ''],
        [0, 'QuotaAmount 2.5\nQuotaPeriod WEEKLY\nQuotaMaxAccumulation 0'],
        [0, ''],
        [0, ''],
        [0, 'Science'],
        [0, '12'],
        [0, ''],
        [2, 'quire: the argument adjustment must be an amount such as 5 or -1.25, not "lots".'],
        [1, 'quire: The adjustment is not an amount Quire accepts: The amount is too large.'],
        [2, 'quire: the argument disable-mins must be a whole number, not "soon".'],
        [1, 'quire: No shared account named "Nope".'],
      ],
    );
  });

  it('answers each name Object.prototype holds as an unknown property, config key or verb, changing nothing', () => {
    const before = ok(sc('get-user-property', 'root', 'full-name')).stdout;
    const calls = PROTOTYPE_NAMES.flatMap((name) => [
      ['server-command', 'get-user-property', 'root', name],
      ['server-command', 'set-user-property', 'root', name, 'x'],
      ['server-command', 'get-config', name],
      ['server-command', 'set-config', name, '12'],
      ['server-command', name],
    ]);
    const results = runMany(calls, env, tmp);
    results.forEach((result, i) => {
      const args = calls[i]!;
      const name = args.at(-1) === 'x' || args.at(-1) === '12' ? args.at(-2)! : args.at(-1)!;
      const expected =
        args[1] === name
          ? /unknown server-command verb/
          : args[1]!.endsWith('-config')
            ? /^quire: Unknown config key "/
            : /^quire: Unknown user property "/;
      assert.equal(result.status, args[1] === name ? 2 : 1, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, expected, args.join(' '));
      assert.ok(result.stderr.includes(`"${name}"`), `${args.join(' ')} names it: ${result.stderr}`);
      assert.equal(result.stdout, '', `${args.join(' ')} prints nothing`);
    });
    assert.equal(ok(sc('get-user-property', 'root', 'full-name')).stdout, before);
    assert.equal(
      ok(sc('get-config', 'internal-users.password-length-min')).stdout,
      '8\n',
      'no set-config changed it',
    );
  });

  it('reads and sets card-number as the primary card number, leaving the secondary one alone', () => {
    const results = runMany(
      [
        ['server-command', 'set-user-property', 'root', 'secondary-card-number', '2222'],
        ['server-command', 'set-user-property', 'root', 'card-number', '1111'],
        ['server-command', 'get-user-property', 'root', 'primary-card-number'],
        ['server-command', 'get-user-property', 'root', 'card-number'],
        ['server-command', 'get-user-property', 'root', 'secondary-card-number'],
      ],
      env,
      tmp,
    );
    assert.deepEqual(
      results.map((r) => [r.status, r.stdout]),
      [
        [0, ''],
        [0, ''],
        [0, '1111\n'],
        [0, '1111\n'],
        [0, '2222\n'],
      ],
    );
  });

  it('gets and sets the documented config keys, refusing bad values as the Options page does', () => {
    const calls: [string[], number, string | RegExp][] = [
      [['get-config', 'user-source.update-user-details-card-id'], 0, 'Y\n'],
      [['set-config', 'user-source.update-user-details-card-id', 'n'], 0, ''],
      [['get-config', 'user-source.update-user-details-card-id'], 0, 'N\n'],
      [['set-config', 'user-source.update-user-details-card-id', 'maybe'], 1, /takes Y or N, not "maybe"/],
      [
        ['set-config', 'internal-users.password-length-min', '0'],
        1,
        /^quire: internal-users\.password-length-min: Enter a whole number from 1 to/,
      ],
      [['set-config', 'internal-users.password-length-min', '14'], 0, ''],
      [['get-config', 'internal-users.password-length-min'], 0, '14\n'],
      [['set-config', 'auth.webservices.allowed-addresses', '127.0.0.1, 192.0.2.0/24'], 0, ''],
      [['get-config', 'auth.webservices.allowed-addresses'], 0, '127.0.0.1, 192.0.2.0/24\n'],
      [['set-config', 'auth.webservices.allowed-addresses', 'not an address'], 1, /is not an IP address/],
      [['get-config', 'auth.webservices.allowed-addresses'], 0, '127.0.0.1, 192.0.2.0/24\n'],
      [['set-config', 'internal-users.password-length-min', '8'], 0, ''],
    ];
    const results = runMany(
      calls.map(([args]) => ['server-command', ...args]),
      env,
      tmp,
    );
    results.forEach((result, i) => {
      const [args, status, expected] = calls[i]!;
      assert.equal(result.status, status, `${args.join(' ')}: ${result.stderr}`);
      if (typeof expected === 'string') assert.equal(result.stdout, expected, args.join(' '));
      else assert.match(result.stderr, expected, args.join(' '));
    });
  });

  it('stops quietly when the reader of its output goes away, as Unix tools do', async () => {
    // The read end is closed before the command writes anything, so its first write fails (EPIPE).
    const child = spawn(process.execPath, [CLI_MAIN, 'server-command', 'list-user-accounts'], {
      env: { ...process.env, ...env, QUIRE_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [status] = (await once(child, 'close')) as [number | null];
    assert.equal(stderr, '', 'no stack trace, no message');
    assert.equal(status, 0);
  });

  it('imports an internal-users file and card numbers', () => {
    const users = path.join(tmp, 'internal.tsv');
    fs.writeFileSync(
      users,
      '# username, password, balance, restricted, full name, email\ncarla\tcarla-Import-Pass-9\t\t\tCarla Card\tcarla@example.org\n',
    );
    ok(sc('batch-import-internal-users', users));
    assert.equal(ok(sc('get-user-property', 'carla', 'full-name')).stdout, 'Carla Card\n');
    const cards = path.join(tmp, 'cards.tsv');
    fs.writeFileSync(cards, 'carla\t555123\n');
    ok(sc('batch-import-user-card-id-numbers', cards));
    assert.equal(ok(sc('get-user-property', 'carla', 'primary-card-number')).stdout, '555123\n');
    assert.equal(
      ok(sc('batch-import-user-card-id-numbers', cards)).stdout,
      '',
      'the same file again changes nothing, and that is no error',
    );
    fs.writeFileSync(cards, 'nobody-here\t1\n');
    fails(sc('batch-import-user-card-id-numbers', cards), 1, /Nothing was imported/);
  });
});

describe('quire server-command perform-user-and-group-sync', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-server-command-sync-'));
  const env = { QUIRE_DATA_DIR: tmp };
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('waits for the sync and exits 1 when a source fails, as a cron job needs to know', () => {
    ok(
      runCli(
        [
          'source',
          'add-custom',
          '--name',
          'Corporate Directory',
          '--program',
          path.join(EXAMPLES, 'users.sh'),
        ],
        env,
      ),
    );
    assert.equal(ok(runCli(['server-command', 'perform-user-and-group-sync'], env)).stdout, '');
    assert.equal(
      ok(runCli(['server-command', 'user-exists', 'alice'], env)).stdout,
      'true\n',
      'the users are there when the command returns',
    );
    const broken = path.join(tmp, 'broken.sh');
    fs.writeFileSync(broken, '#!/bin/sh\necho "directory unreachable" >&2\nexit 3\n');
    fs.chmodSync(broken, 0o755);
    ok(runCli(['source', 'add-custom', '--name', 'Broken Directory', '--program', broken], env));
    fails(
      runCli(['server-command', 'perform-user-and-group-sync'], env),
      1,
      /The synchronization of Broken Directory did not succeed/,
    );
  });
});
